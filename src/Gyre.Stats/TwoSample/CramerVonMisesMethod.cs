namespace Gyre.Stats.TwoSample;

/// <summary>How the Cramér-von Mises p-value is computed (scipy's <c>method</c>).</summary>
public enum CramerVonMisesMethod
{
    /// <summary>Exact when max(nx, ny) &lt;= 20, else asymptotic.</summary>
    Auto,
    Exact,
    Asymptotic,
}
