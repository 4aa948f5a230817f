using Gyre.Models.Abstractions;

namespace Gyre.Serving.Feedback;

/// <summary>Feedback joined with the prediction it judges.</summary>
public sealed record FeedbackReceived(
    string RequestId,
    string Deployment,
    string Variant,
    string ModelVersion,
    double? Reward,
    string? Label,
    IReadOnlyDictionary<string, Tensor>? Outputs,
    DateTimeOffset PredictedAt,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The first output's first value per row, as text (a class label, or a score in invariant culture); empty without outputs.</summary>
    public IReadOnlyList<string?> PredictedLabels() => PredictionValues.FirstOutputPerRow(Outputs);
}
