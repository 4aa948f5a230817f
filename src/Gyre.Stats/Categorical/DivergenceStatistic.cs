namespace Gyre.Stats.Categorical;

/// <summary>Cressie-Read statistic family used by chi-square style tests (scipy's <c>lambda_</c>).</summary>
public enum DivergenceStatistic
{
    /// <summary>Pearson's chi-square: sum (O - E)^2 / E.</summary>
    Pearson,
    /// <summary>G-test (log-likelihood ratio): 2 sum O ln(O / E).</summary>
    LogLikelihood,
}
