using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Rollouts;

namespace Gyre.Serving.Policies.Basic;

/// <summary>
/// <c>canary</c>: the candidate takes a growing share of traffic by stages (default 1 → 5 → 25 → 100 %),
/// each held for a while, advancing by itself while healthy and rolling back by itself when its error
/// rate exceeds the baseline's by more than epsilon, when a Wald SPRT on its errors rejects, or when it
/// breaks the latency SLO (<see cref="CanaryController"/> judges). Settings: <c>baseline</c>,
/// <c>candidate</c> (default the first and second variants), <c>stages</c>, <c>hold_seconds</c>,
/// <c>epsilon</c>, <c>latency_slo_ms</c> (0 disables), <c>min_requests</c> (per stage),
/// <c>min_requests_to_judge</c>, <c>sprt_alpha</c>, <c>sprt_beta</c>, <c>salt</c>.
/// Manual actions: <c>promote</c> (all traffic to the candidate) and <c>rollback</c>.
/// </summary>
public sealed class CanaryPolicy : ITrafficPolicy, IPolicyCheckpoint, IPolicyActions
{
    public const string KindName = "canary";
    private readonly VariantRoutes _routes;
    private readonly CanaryOptions _options;
    private readonly TimeProvider _time;
    private readonly string _salt;
    private readonly Lock _gate = new();
    private Run _run;
    private volatile RolloutState _final = RolloutState.Progressing;
    private StageCounts _counts = new();

    private CanaryPolicy(VariantRoutes routes, string baseline, string candidate, CanaryOptions options, string salt, TimeProvider time)
    {
        _routes = routes;
        Baseline = baseline;
        Candidate = candidate;
        _options = options;
        _salt = salt;
        _time = time;
        _run = NewRun(0);
    }

    public static ITrafficPolicy Create(PolicySpec spec, IReadOnlyList<string> variants, TimeProvider time)
    {
        var settings = PolicySettings.Of(spec, "baseline", "candidate", "stages", "hold_seconds", "epsilon", "latency_slo_ms",
            "min_requests", "min_requests_to_judge", "sprt_alpha", "sprt_beta", "salt");
        if (variants.Count < 2) throw settings.Bad("needs two variants, a baseline and a candidate");
        var baseline = settings.Variant("baseline", variants, variants[0]);
        var candidate = settings.Variant("candidate", variants, variants.FirstOrDefault(v => v != baseline) ?? baseline);
        if (baseline == candidate) throw settings.Bad($"needs different baseline and candidate variants, got '{baseline}' for both");
        var defaults = new CanaryOptions();
        var slo = settings.OptionalDouble("latency_slo_ms", 0, 3_600_000);
        var options = new CanaryOptions
        {
            StagePercents = settings.NumberList("stages") ?? defaults.StagePercents,
            HoldTime = TimeSpan.FromSeconds(settings.Double("hold_seconds", defaults.HoldTime.TotalSeconds, 0, 30 * 86_400)),
            ErrorRateEpsilon = settings.Double("epsilon", defaults.ErrorRateEpsilon, 0, 1),
            LatencySlo = slo is null ? defaults.LatencySlo : slo == 0 ? null : TimeSpan.FromMilliseconds(slo.Value),
            MinRequestsPerStage = settings.Int("min_requests", defaults.MinRequestsPerStage, 0, int.MaxValue),
            MinRequestsToJudge = settings.Int("min_requests_to_judge", defaults.MinRequestsToJudge, 1, int.MaxValue),
            SprtAlpha = settings.Double("sprt_alpha", defaults.SprtAlpha, 0, 1),
            SprtBeta = settings.Double("sprt_beta", defaults.SprtBeta, 0, 1),
        };
        try
        {
            options.Validate();
        }
        catch (GyreException e)
        {
            throw settings.Bad("has bad settings: " + e.Message);
        }
        return new CanaryPolicy(new VariantRoutes(variants), baseline, candidate, options, settings.Text("salt", "gyre-canary"), time);
    }

    public string Kind => KindName;

    public string Baseline { get; }

    public string Candidate { get; }

    /// <summary>Where the rollout stands: progressing, promoted or rolled back.</summary>
    public RolloutState State => _final != RolloutState.Progressing ? _final : Volatile.Read(ref _run).Controller.State;

    /// <summary>The current stage, counted over the whole rollout (0 = the first).</summary>
    public int Stage
    {
        get
        {
            var run = Volatile.Read(ref _run);
            return run.Offset + run.Controller.Stage;
        }
    }

    /// <summary>The candidate's share of traffic in percent.</summary>
    public double CandidatePercent => State switch
    {
        RolloutState.Promoted => 100,
        RolloutState.RolledBack => 0,
        _ => Volatile.Read(ref _run).Controller.CandidatePercent,
    };

    public IReadOnlyDictionary<string, double> Shares
    {
        get
        {
            var p = CandidatePercent / 100;
            return _routes.Names.ToDictionary(v => v, v => v == Candidate ? p : v == Baseline ? 1 - p : 0.0, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<string> Actions { get; } = ["promote", "rollback"];

    public RouteDecision Route(in RouteContext request)
    {
        if (_routes.Override(request) is { } forced) return forced;
        var percent = CandidatePercent;
        if (percent >= 100) return _routes.To(Candidate);
        if (percent <= 0) return _routes.To(Baseline);
        return _routes.To(VariantRoutes.Unit(request, _salt) * 100 < percent ? Candidate : Baseline);
    }

    public void RecordOutcome(in VariantOutcome outcome)
    {
        // Mirrored copies and forced (override) requests to other variants are not part of the comparison.
        if (outcome.Mirrored || _final != RolloutState.Progressing) return;
        var isCandidate = outcome.Variant == Candidate;
        if (!isCandidate && outcome.Variant != Baseline) return;
        Volatile.Read(ref _run).Controller.RecordRequest(isCandidate, outcome.Succeeded, outcome.Latency);
        Volatile.Read(ref _counts).Record(isCandidate, outcome.Succeeded);
    }

    public void RecordFeedback(in FeedbackRecord feedback)
    {
    }

    public IReadOnlyList<DeploymentEvent> Evaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_final != RolloutState.Progressing) return [];
            var run = _run;
            var decision = run.Controller.Evaluate();
            if (decision is null) return [];
            var evidence = new Dictionary<string, double>(decision.Evidence, StringComparer.Ordinal)
            {
                ["stage"] = run.Offset + decision.Stage,
                ["candidate_percent"] = decision.CandidatePercent,
            };
            switch (decision.Decision)
            {
                case "promoted": _final = RolloutState.Promoted; break;
                case "rolled_back": _final = RolloutState.RolledBack; break;
                case "advanced": Volatile.Write(ref _counts, new StageCounts()); break;
            }
            return [new DeploymentEvent(decision.Timestamp, "", decision.Decision, decision.Reason, evidence, Shares)];
        }
    }

    public IReadOnlyList<DeploymentEvent> Act(string action, string? variant, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_final != RolloutState.Progressing)
                throw GyreException.InvalidState($"The canary is already {Describe(_final)}; nothing to {action}.");
            if (variant is not null && variant != (action == "promote" ? Candidate : Baseline))
                throw GyreException.InvalidParameter(
                    $"Canary action '{action}' moves all traffic to '{(action == "promote" ? Candidate : Baseline)}', not '{variant}'.");
            var evidence = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["stage"] = Stage,
                ["candidate_percent_before"] = CandidatePercent,
            };
            switch (action)
            {
                case "promote":
                    _final = RolloutState.Promoted;
                    return [new DeploymentEvent(now, "", "promoted", $"promoted by hand: all traffic to '{Candidate}'", evidence, Shares)];
                case "rollback":
                    _final = RolloutState.RolledBack;
                    return [new DeploymentEvent(now, "", "rolled_back", $"rolled back by hand: all traffic to '{Baseline}'", evidence, Shares)];
                default:
                    throw GyreException.InvalidParameter($"A canary takes the actions {string.Join(", ", Actions)}, not '{action}'.");
            }
        }
    }

    public IReadOnlyDictionary<string, object?> Status()
    {
        var counts = Volatile.Read(ref _counts);
        return new Dictionary<string, object?>
        {
            ["state"] = Describe(State),
            ["stage"] = Stage,
            ["stages"] = _options.StagePercents,
            ["candidate_percent"] = CandidatePercent,
            ["baseline"] = Baseline,
            ["candidate"] = Candidate,
            ["hold_seconds"] = _options.HoldTime.TotalSeconds,
            ["epsilon"] = _options.ErrorRateEpsilon,
            ["latency_slo_ms"] = _options.LatencySlo?.TotalMilliseconds,
            ["stage_candidate_requests"] = counts.CandidateRequests,
            ["stage_candidate_errors"] = counts.CandidateErrors,
            ["stage_baseline_requests"] = counts.BaselineRequests,
            ["stage_baseline_errors"] = counts.BaselineErrors,
        };
    }

    public string SaveState() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["stage"] = Stage,
        ["state"] = Describe(State),
    });

    public void RestoreState(string state)
    {
        int stage;
        string? final;
        try
        {
            using var document = JsonDocument.Parse(state);
            stage = document.RootElement.GetProperty("stage").GetInt32();
            final = document.RootElement.GetProperty("state").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw GyreException.InvalidParameter($"Saved canary state '{state}' is not readable: {e.Message}");
        }
        if (stage < 0 || stage >= _options.StagePercents.Count)
            throw GyreException.InvalidParameter($"Saved canary stage {stage} is outside this canary's {_options.StagePercents.Count} stages.");
        lock (_gate)
        {
            _final = final switch
            {
                "promoted" => RolloutState.Promoted,
                "rolled_back" => RolloutState.RolledBack,
                _ => RolloutState.Progressing,
            };
            Volatile.Write(ref _run, NewRun(stage));
            Volatile.Write(ref _counts, new StageCounts());
        }
    }

    /// <summary>
    /// A controller over the stages from <paramref name="offset"/> on: a resumed canary starts again at its
    /// saved stage (with a fresh hold time and fresh counts).
    /// </summary>
    private Run NewRun(int offset) =>
        new(new CanaryController(_options with { StagePercents = _options.StagePercents.Skip(offset).ToArray() }, _time), offset);

    private static string Describe(RolloutState state) => state switch
    {
        RolloutState.Promoted => "promoted",
        RolloutState.RolledBack => "rolled_back",
        _ => "progressing",
    };

    private sealed record Run(CanaryController Controller, int Offset);

    private sealed class StageCounts
    {
        private long _candidateRequests, _candidateErrors, _baselineRequests, _baselineErrors;

        public long CandidateRequests => Interlocked.Read(ref _candidateRequests);
        public long CandidateErrors => Interlocked.Read(ref _candidateErrors);
        public long BaselineRequests => Interlocked.Read(ref _baselineRequests);
        public long BaselineErrors => Interlocked.Read(ref _baselineErrors);

        public void Record(bool candidate, bool succeeded)
        {
            if (candidate)
            {
                Interlocked.Increment(ref _candidateRequests);
                if (!succeeded) Interlocked.Increment(ref _candidateErrors);
            }
            else
            {
                Interlocked.Increment(ref _baselineRequests);
                if (!succeeded) Interlocked.Increment(ref _baselineErrors);
            }
        }
    }
}
