using Gyre.Core.Errors;

namespace Gyre.Serving.Rollouts;

/// <summary>How a canary advances: traffic stages, how long each is held, and when it is judged unhealthy.</summary>
public sealed record CanaryOptions
{
    /// <summary>The candidate's share of traffic at each stage, in percent, ending at 100.</summary>
    public IReadOnlyList<double> StagePercents { get; init; } = [1, 5, 25, 100];

    /// <summary>How long each stage is held before it may advance.</summary>
    public TimeSpan HoldTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Candidate requests a stage must see before it may advance (so a quiet hour proves nothing).</summary>
    public int MinRequestsPerStage { get; init; } = 100;

    /// <summary>Candidate requests needed before its error rate is compared with the baseline's.</summary>
    public int MinRequestsToJudge { get; init; } = 50;

    /// <summary>How much the candidate's error rate may exceed the baseline's.</summary>
    public double ErrorRateEpsilon { get; init; } = 0.02;

    /// <summary>The candidate's p99 latency must stay under this; null disables the check.</summary>
    public TimeSpan? LatencySlo { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Type I and II error rates of the SPRT on the candidate's errors.</summary>
    public double SprtAlpha { get; init; } = 0.05;

    public double SprtBeta { get; init; } = 0.2;

    /// <summary>The error rate assumed for a baseline that has shown none, so the SPRT's null is never p = 0.</summary>
    public double MinBaselineErrorRate { get; init; } = 0.005;

    public void Validate()
    {
        if (StagePercents.Count == 0) throw GyreException.InvalidParameter("A canary needs at least one stage.");
        for (var i = 0; i < StagePercents.Count; i++)
        {
            var p = StagePercents[i];
            if (!(p > 0 && p <= 100) || (i > 0 && p <= StagePercents[i - 1]))
                throw GyreException.InvalidParameter($"Canary stages must rise strictly within (0, 100]; got {string.Join(", ", StagePercents)}.");
        }
        if (StagePercents[^1] != 100) throw GyreException.InvalidParameter("The last canary stage must be 100 %.");
        if (HoldTime < TimeSpan.Zero) throw GyreException.InvalidParameter("Canary hold time cannot be negative.");
        if (MinRequestsPerStage < 0 || MinRequestsToJudge < 1) throw GyreException.InvalidParameter("Canary request minimums must be positive.");
        if (!(ErrorRateEpsilon is > 0 and < 1)) throw GyreException.InvalidParameter($"Canary epsilon must be in (0, 1), got {ErrorRateEpsilon}.");
        if (!(SprtAlpha is > 0 and < 0.5) || !(SprtBeta is > 0 and < 0.5)) throw GyreException.InvalidParameter("SPRT alpha and beta must be in (0, 0.5).");
        if (!(MinBaselineErrorRate is > 0 and < 0.5)) throw GyreException.InvalidParameter("Minimum baseline error rate must be in (0, 0.5).");
    }
}
