namespace Gyre.Monitoring.Drift;

/// <summary>How a column's values are compared: as numbers, or as categories (text, booleans, numeric 0/1 flags).</summary>
public enum DriftColumnType
{
    Numeric,
    Categorical,
}
