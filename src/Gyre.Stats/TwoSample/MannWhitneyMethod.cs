namespace Gyre.Stats.TwoSample;

/// <summary>How the Mann-Whitney p-value is computed (scipy's <c>method</c>).</summary>
public enum MannWhitneyMethod
{
    /// <summary>Exact when either sample has at most 8 values and there are no ties, else asymptotic.</summary>
    Auto,
    Exact,
    Asymptotic,
}
