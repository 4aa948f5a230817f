using System.Globalization;
using Gyre.Core.Errors;
using Gyre.Stats.Sequential;

namespace Gyre.Serving.Rollouts;

/// <summary>
/// Runs one canary rollout: the candidate takes a growing share of traffic, stage by stage, while it stays
/// healthy against the baseline; it is rolled back the moment it is not. Unhealthy means any of: its
/// error rate exceeds the baseline's by more than epsilon; a Wald SPRT on its errors (H0: the baseline's
/// rate, H1: that rate plus epsilon) accepts H1; or its p99 latency breaks the SLO. Every decision is
/// kept as a <see cref="RolloutEvent"/> with its evidence.
/// </summary>
public sealed class CanaryController
{
    private readonly TimeProvider _time;
    private readonly List<RolloutEvent> _events = [];
    private readonly Lock _gate = new();
    private ArmCounters _baseline = new();
    private ArmCounters _candidate = new();
    private DateTimeOffset _stageStartedAt;

    public CanaryController(CanaryOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new CanaryOptions();
        Options.Validate();
        _time = time ?? TimeProvider.System;
        _stageStartedAt = _time.GetUtcNow();
        Record("started", "canary started", new Dictionary<string, double>());
    }

    public CanaryOptions Options { get; }

    public RolloutState State { get; private set; } = RolloutState.Progressing;

    public int Stage { get; private set; }

    /// <summary>The candidate's current share of traffic in percent: 0 after a rollback, 100 once promoted.</summary>
    public double CandidatePercent => State switch
    {
        RolloutState.RolledBack => 0,
        RolloutState.Promoted => 100,
        _ => Options.StagePercents[Stage],
    };

    public IReadOnlyList<RolloutEvent> Events
    {
        get { lock (_gate) return _events.ToArray(); }
    }

    /// <summary>Records a request served by the candidate (true) or the baseline (false).</summary>
    public void RecordRequest(bool servedByCandidate, bool succeeded, TimeSpan latency) =>
        (servedByCandidate ? _candidate : _baseline).Record(succeeded, latency);

    /// <summary>Judges the current stage and moves the rollout on; returns the decision taken, if any.</summary>
    public RolloutEvent? Evaluate()
    {
        lock (_gate)
        {
            if (State != RolloutState.Progressing) return null;
            var candidate = _candidate;
            var baseline = _baseline;
            var evidence = new Dictionary<string, double>
            {
                ["candidate_requests"] = candidate.Requests,
                ["candidate_errors"] = candidate.Errors,
                ["candidate_error_rate"] = candidate.ErrorRate,
                ["baseline_requests"] = baseline.Requests,
                ["baseline_errors"] = baseline.Errors,
                ["baseline_error_rate"] = baseline.ErrorRate,
                ["epsilon"] = Options.ErrorRateEpsilon,
            };

            // Computed first so that every decision carries the SPRT's state as evidence.
            var sprt = SprtOnCandidateErrors(candidate, baseline, evidence);
            if (candidate.Requests >= Options.MinRequestsToJudge)
            {
                if (Options.LatencySlo is { } slo)
                {
                    var p99 = candidate.LatencyQuantileSeconds(0.99);
                    evidence["candidate_p99_seconds"] = p99;
                    evidence["latency_slo_seconds"] = slo.TotalSeconds;
                    if (p99 > slo.TotalSeconds)
                        return RollBack($"candidate p99 latency {Ms(p99)} ms exceeds the SLO of {Ms(slo.TotalSeconds)} ms", evidence);
                }
                if (candidate.ErrorRate > baseline.ErrorRate + Options.ErrorRateEpsilon)
                    return RollBack(
                        $"candidate error rate {candidate.ErrorRate:P2} exceeds the baseline's {baseline.ErrorRate:P2} by more than {Options.ErrorRateEpsilon:P2}",
                        evidence);
            }

            if (sprt == SprtDecision.AcceptAlternative)
                return RollBack("the SPRT on the candidate's errors rejected the baseline's error rate", evidence);

            var held = _time.GetUtcNow() - _stageStartedAt;
            evidence["stage_seconds"] = held.TotalSeconds;
            if (held < Options.HoldTime || candidate.Requests < Options.MinRequestsPerStage) return null;

            if (Stage == Options.StagePercents.Count - 1)
            {
                State = RolloutState.Promoted;
                return Record("promoted", $"healthy for {held.TotalSeconds:0} s at 100 %", evidence);
            }
            Stage++;
            _stageStartedAt = _time.GetUtcNow();
            _candidate = new ArmCounters();
            _baseline = new ArmCounters();
            return Record("advanced", $"healthy at {Options.StagePercents[Stage - 1]} %; now {Options.StagePercents[Stage]} %", evidence);
        }
    }

    /// <summary>Stops the rollout by hand, sending all traffic back to the baseline.</summary>
    public RolloutEvent Abort(string reason)
    {
        lock (_gate)
        {
            if (State != RolloutState.Progressing) throw GyreException.InvalidState($"The rollout is already {State}.");
            return RollBack("aborted: " + reason, new Dictionary<string, double>());
        }
    }

    private SprtDecision SprtOnCandidateErrors(ArmCounters candidate, ArmCounters baseline, Dictionary<string, double> evidence)
    {
        var p0 = Math.Max(baseline.ErrorRate, Options.MinBaselineErrorRate);
        var p1 = Math.Min(p0 + Options.ErrorRateEpsilon, 0.999);
        var test = new WaldSprt(p0, p1, Options.SprtAlpha, Options.SprtBeta);
        // The candidate's errors are the "successes" of the Bernoulli stream under test.
        var llr = candidate.Errors * test.LogRatioSuccess + (candidate.Requests - candidate.Errors) * test.LogRatioFailure;
        evidence["sprt_p0"] = p0;
        evidence["sprt_p1"] = p1;
        evidence["sprt_llr"] = llr;
        evidence["sprt_upper"] = test.UpperBoundary;
        evidence["sprt_lower"] = test.LowerBoundary;
        return llr >= test.UpperBoundary ? SprtDecision.AcceptAlternative
            : llr <= test.LowerBoundary ? SprtDecision.AcceptNull
            : SprtDecision.Continue;
    }

    private RolloutEvent RollBack(string reason, Dictionary<string, double> evidence)
    {
        State = RolloutState.RolledBack;
        return Record("rolled_back", reason, evidence);
    }

    private RolloutEvent Record(string decision, string reason, Dictionary<string, double> evidence)
    {
        var rolloutEvent = new RolloutEvent(_time.GetUtcNow(), decision, Stage, CandidatePercent, reason, evidence);
        lock (_gate) _events.Add(rolloutEvent);
        return rolloutEvent;
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.##", CultureInfo.InvariantCulture);
}
