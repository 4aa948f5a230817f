using Gyre.Core.Errors;

namespace Gyre.Learn.Linear;

/// <summary>Options of linear and logistic regression.</summary>
public sealed record LinearOptions
{
    public LearningTask Task { get; init; } = LearningTask.BinaryClassification;

    /// <summary>
    /// L2 penalty λ on the weights of standardised features (the intercept is not penalised): the loss is
    /// Σ loss(row) + λ/2 ‖w‖². Standardising first makes the penalty independent of feature units.
    /// </summary>
    public double L2 { get; init; } = 1.0;

    /// <summary>Newton iterations at most (logistic regression).</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Stop when the largest gradient component is below this (logistic regression).</summary>
    public double Tolerance { get; init; } = 1e-8;

    public void Validate()
    {
        if (L2 < 0 || double.IsNaN(L2)) throw GyreException.InvalidParameter($"l2 must be >= 0, got {L2}.");
        if (MaxIterations < 1) throw GyreException.InvalidParameter($"max_iter must be at least 1, got {MaxIterations}.");
    }
}
