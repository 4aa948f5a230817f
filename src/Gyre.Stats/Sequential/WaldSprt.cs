using Gyre.Core.Errors;
using Gyre.Stats.Internal;

namespace Gyre.Stats.Sequential;

/// <summary>Outcome of running Wald's SPRT over a whole stream.</summary>
public sealed record SprtRunResult(
    SprtDecision Decision,
    int? DecisionIndex,
    double[] LogLikelihoodRatios,
    long[] SuccessesCumulative,
    double UpperBoundary,
    double LowerBoundary);

/// <summary>
/// Wald's sequential probability ratio test for a Bernoulli stream, H0: p = p0 against H1: p = p1.
/// llr_t = k_t ln(p1/p0) + (t - k_t) ln((1-p1)/(1-p0)); accept H1 at the first llr >= ln((1-beta)/alpha),
/// H0 at the first llr &lt;= ln(beta/(1-alpha)). Feed observations one at a time with <see cref="Observe"/>
/// or evaluate a recorded stream with <see cref="Run"/>.
/// </summary>
public sealed class WaldSprt
{
    public WaldSprt(double p0, double p1, double alpha = 0.05, double beta = 0.2)
    {
        Guard.OpenProbability(p0, "e0");
        Guard.OpenProbability(p1, "e1");
        Guard.OpenProbability(alpha, "alpha");
        Guard.OpenProbability(beta, "beta");
        if (p0 == p1) throw GyreException.InvalidParameter("e0 and e1 must differ.");
        if (alpha + beta >= 1) throw GyreException.InvalidParameter("alpha + beta must be below 1.");
        P0 = p0;
        P1 = p1;
        LogRatioSuccess = Math.Log(p1 / p0);
        LogRatioFailure = Math.Log((1 - p1) / (1 - p0));
        UpperBoundary = Math.Log((1 - beta) / alpha);
        LowerBoundary = Math.Log(beta / (1 - alpha));
    }

    public double P0 { get; }
    public double P1 { get; }
    public double LogRatioSuccess { get; }
    public double LogRatioFailure { get; }
    /// <summary>A = ln((1 - beta) / alpha).</summary>
    public double UpperBoundary { get; }
    /// <summary>B = ln(beta / (1 - alpha)).</summary>
    public double LowerBoundary { get; }

    public long Observations { get; private set; }
    public long Successes { get; private set; }
    public SprtDecision Decision { get; private set; } = SprtDecision.Continue;

    public double LogLikelihoodRatio => Llr(Successes, Observations);

    private double Llr(long k, long t) => k * LogRatioSuccess + (t - k) * LogRatioFailure;

    /// <summary>Adds one observation; once a boundary is crossed the decision is final (later observations only update the counts).</summary>
    public SprtDecision Observe(bool success)
    {
        Observations++;
        if (success) Successes++;
        if (Decision == SprtDecision.Continue)
        {
            var llr = LogLikelihoodRatio;
            if (llr >= UpperBoundary) Decision = SprtDecision.AcceptAlternative;
            else if (llr <= LowerBoundary) Decision = SprtDecision.AcceptNull;
        }
        return Decision;
    }

    /// <summary>Evaluates a recorded 0/1 stream: the llr after every observation and the first boundary crossing.</summary>
    public SprtRunResult Run(ReadOnlySpan<int> outcomes)
    {
        var llrs = new double[outcomes.Length];
        var cum = new long[outcomes.Length];
        long k = 0;
        var decision = SprtDecision.Continue;
        int? index = null;
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] is not (0 or 1)) throw GyreException.InvalidParameter($"x[{i}] is {outcomes[i]}; observations must be 0 or 1.");
            k += outcomes[i];
            cum[i] = k;
            llrs[i] = Llr(k, i + 1);
            if (index is null)
            {
                if (llrs[i] >= UpperBoundary) { decision = SprtDecision.AcceptAlternative; index = i; }
                else if (llrs[i] <= LowerBoundary) { decision = SprtDecision.AcceptNull; index = i; }
            }
        }
        return new SprtRunResult(decision, index, llrs, cum, UpperBoundary, LowerBoundary);
    }
}
