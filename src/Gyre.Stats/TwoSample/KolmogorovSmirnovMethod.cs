namespace Gyre.Stats.TwoSample;

/// <summary>How the KS p-value is computed (scipy's <c>method</c>).</summary>
public enum KolmogorovSmirnovMethod
{
    /// <summary>Exact when max(n1, n2) &lt;= 10000, else asymptotic.</summary>
    Auto,
    Exact,
    Asymptotic,
}
