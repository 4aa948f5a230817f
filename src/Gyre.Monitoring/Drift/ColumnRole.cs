namespace Gyre.Monitoring.Drift;

/// <summary>What a column is to the model: an input feature, the model's prediction, or the true label.</summary>
public enum ColumnRole
{
    Feature,
    Prediction,
    Target,
}
