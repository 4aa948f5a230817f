using System.Collections.Concurrent;
using System.Globalization;
using Gyre.Serving.Deployments;
using Gyre.Serving.Rollouts;

namespace Gyre.Serving.Policies.Shadow;

/// <summary>
/// Shadow deployment: the primary answers every request; the candidates score a mirrored copy whose answer
/// nobody sees. Primary and mirror outcomes are paired by request id (in bounded memory: at most MaxPending
/// requests wait, none longer than PendingTimeout) to measure how often the candidate agrees with the primary,
/// its error rate and latency, and a paired t-test on a metric, reported by Status() and by periodic
/// "shadow_report" events. The policy never moves traffic: the primary's share stays 1.
/// </summary>
public sealed class ShadowPolicy : ITrafficPolicy
{
    public const string KindName = "shadow";

    private readonly TimeProvider _time;
    private readonly Dictionary<string, CandidateComparison> _comparisons;
    private readonly ConcurrentDictionary<string, PendingRequest> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PendingRequest> _pendingOrder = new();
    private readonly ArmCounters _primary = new();
    private readonly RouteDecision _mirrored;
    private readonly RouteDecision _unmirrored;
    private readonly Dictionary<string, RouteDecision> _overrides;
    private readonly Random? _random;
    private readonly Lock _randomGate = new();
    private readonly Lock _reportGate = new();
    private readonly Lock _trimGate = new();
    private readonly Dictionary<string, long> _pairsAtLastReport;
    private DateTimeOffset _lastReport;
    private long _unpaired;
    private int _live;

    public ShadowPolicy(ShadowOptions options, IReadOnlyList<string> variants, TimeProvider? time = null)
    {
        Options = options;
        _time = time ?? TimeProvider.System;
        _comparisons = options.Candidates.ToDictionary(c => c, c => new CandidateComparison(c, options), StringComparer.Ordinal);
        _pairsAtLastReport = options.Candidates.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
        _mirrored = new RouteDecision(options.Primary, options.Candidates.ToArray());
        _unmirrored = RouteDecision.To(options.Primary);
        _overrides = variants.ToDictionary(v => v, RouteDecision.To, StringComparer.Ordinal);
        _random = options.Seed is { } seed ? new Random(seed) : null;
        _lastReport = _time.GetUtcNow();
        Shares = variants.ToDictionary(v => v, v => v == options.Primary ? 1.0 : 0.0, StringComparer.Ordinal);
    }

    public static ShadowPolicy Create(PolicySpec spec, IReadOnlyList<string> variants, TimeProvider time) =>
        new(ShadowOptions.Parse(spec, variants), variants, time);

    public ShadowOptions Options { get; }

    public string Kind => KindName;

    public IReadOnlyDictionary<string, double> Shares { get; }

    /// <summary>Requests waiting for their primary or mirror answers right now.</summary>
    public int Pending => _pending.Count;

    public RouteDecision Route(in RouteContext request)
    {
        // A forced variant answers alone: a test request is neither mirrored nor compared.
        if (request.VariantOverride is { } forced && _overrides.TryGetValue(forced, out var overridden)) return overridden;
        if (Options.MirrorFraction < 1 && NextDouble() >= Options.MirrorFraction) return _unmirrored;

        var now = _time.GetUtcNow();
        var pending = new PendingRequest(request.RequestId, now, Options.Candidates.Count);
        // A repeated request id replaces the older wait (which then ends unpaired); the live count stays.
        if (_pending.TryAdd(request.RequestId, pending)) Interlocked.Increment(ref _live);
        else _pending[request.RequestId] = pending;
        _pendingOrder.Enqueue(pending);
        Trim(now);
        return _mirrored;
    }

    public void RecordOutcome(in VariantOutcome outcome)
    {
        if (!outcome.Mirrored)
        {
            if (outcome.Variant != Options.Primary) return;
            _primary.Record(outcome.Succeeded, outcome.Latency);
        }
        else
        {
            if (!_comparisons.TryGetValue(outcome.Variant, out var comparison)) return;
            comparison.RecordMirror(outcome);
        }
        if (!_pending.TryGetValue(outcome.RequestId, out var pending)) return;
        if (pending.Add(outcome, _comparisons) && _pending.TryRemove(new KeyValuePair<string, PendingRequest>(outcome.RequestId, pending)))
            Interlocked.Decrement(ref _live);
    }

    /// <summary>Feedback does not steer a shadow deployment; labels are compared by the observers that want them.</summary>
    public void RecordFeedback(in FeedbackRecord feedback)
    {
    }

    public IReadOnlyList<DeploymentEvent> Evaluate(DateTimeOffset now)
    {
        Trim(now);
        lock (_reportGate)
        {
            if (now - _lastReport < Options.ReportInterval) return [];
            var events = new List<DeploymentEvent>();
            foreach (var candidate in Options.Candidates)
            {
                var comparison = _comparisons[candidate];
                var pairs = comparison.Pairs;
                if (pairs == _pairsAtLastReport[candidate]) continue;
                _pairsAtLastReport[candidate] = pairs;
                events.Add(ReportEvent(comparison.Report(), now));
            }
            if (events.Count > 0) _lastReport = now;
            return events;
        }
    }

    /// <summary>Each candidate's standing against the primary now.</summary>
    public IReadOnlyList<ShadowCandidateReport> Reports() => Options.Candidates.Select(c => _comparisons[c].Report()).ToArray();

    public IReadOnlyDictionary<string, object?> Status()
    {
        Trim(_time.GetUtcNow());
        var candidates = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var report in Reports())
        {
            candidates[report.Candidate] = new Dictionary<string, object?>
            {
                ["mirrored_requests"] = report.MirroredRequests,
                ["mirror_errors"] = report.MirrorErrors,
                ["mirror_error_rate"] = report.MirrorErrorRate,
                ["mirror_latency_p50_ms"] = report.MirrorLatencyP50Ms,
                ["mirror_latency_p99_ms"] = report.MirrorLatencyP99Ms,
                ["paired_requests"] = report.PairedRequests,
                ["compared_requests"] = report.ComparedRequests,
                ["compared_rows"] = report.ComparedRows,
                ["agreement_rate"] = report.AgreementRate,
                ["request_agreement_rate"] = report.RequestAgreementRate,
                ["mirror_failed_pairs"] = report.MirrorFailedPairs,
                ["primary_failed_pairs"] = report.PrimaryFailedPairs,
                ["shape_mismatches"] = report.ShapeMismatches,
                ["paired_t_test"] = new Dictionary<string, object?>
                {
                    ["metric"] = MetricName(report.TTest.Metric),
                    ["difference"] = "mirror - primary",
                    ["samples"] = report.TTest.Samples,
                    ["mean_difference"] = report.TTest.MeanDifference,
                    ["statistic"] = report.TTest.Statistic,
                    ["p_value"] = report.TTest.PValue,
                    ["degrees_of_freedom"] = report.TTest.DegreesOfFreedom,
                    ["note"] = report.TTest.Note,
                },
            };
        }
        return new Dictionary<string, object?>
        {
            ["kind"] = KindName,
            ["primary"] = Options.Primary,
            ["primary_requests"] = _primary.Requests,
            ["primary_errors"] = _primary.Errors,
            ["primary_latency_p50_ms"] = _primary.Requests == 0 ? null : _primary.LatencyQuantileSeconds(0.5) * 1000,
            ["primary_latency_p99_ms"] = _primary.Requests == 0 ? null : _primary.LatencyQuantileSeconds(0.99) * 1000,
            ["mirror_fraction"] = Options.MirrorFraction,
            ["compare"] = Options.Compare.ToString().ToLowerInvariant(),
            ["tolerance"] = Options.Tolerance,
            ["pending"] = _pending.Count,
            ["unpaired_dropped"] = Interlocked.Read(ref _unpaired),
            ["candidates"] = candidates,
        };
    }

    private DeploymentEvent ReportEvent(ShadowCandidateReport report, DateTimeOffset now)
    {
        var evidence = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["mirrored_requests"] = report.MirroredRequests,
            ["mirror_errors"] = report.MirrorErrors,
            ["paired_requests"] = report.PairedRequests,
            ["compared_requests"] = report.ComparedRequests,
            ["compared_rows"] = report.ComparedRows,
            ["agreed_rows"] = report.AgreedRows,
            ["tolerance"] = Options.Tolerance,
            ["primary_requests"] = _primary.Requests,
            ["t_samples"] = report.TTest.Samples,
        };
        Put(evidence, "agreement_rate", report.AgreementRate);
        Put(evidence, "request_agreement_rate", report.RequestAgreementRate);
        Put(evidence, "mirror_error_rate", report.MirrorErrorRate);
        Put(evidence, "mirror_latency_p99_ms", report.MirrorLatencyP99Ms);
        Put(evidence, "primary_latency_p99_ms", _primary.Requests == 0 ? null : _primary.LatencyQuantileSeconds(0.99) * 1000);
        Put(evidence, "mean_difference", report.TTest.MeanDifference);
        Put(evidence, "t_statistic", report.TTest.Statistic);
        Put(evidence, "p_value", report.TTest.PValue);
        var test = report.TTest.PValue is { } p
            ? FormattableString.Invariant(
                $"(mirror - primary, n = {report.TTest.Samples}): mean difference {report.TTest.MeanDifference:G4}, t = {report.TTest.Statistic:G4}, p = {p:G4}")
            : ": " + report.TTest.Note;
        var reason = FormattableString.Invariant(
            $"candidate '{report.Candidate}' vs primary '{Options.Primary}': agreement {Percent(report.AgreementRate)} over {report.ComparedRows} rows, mirror error rate {Percent(report.MirrorErrorRate)} over {report.MirroredRequests} requests; paired t-test on {MetricName(Options.Metric)} {test}");
        return new DeploymentEvent(now, "", "shadow_report", reason, evidence, Shares);
    }

    private static void Put(Dictionary<string, double> evidence, string key, double? value)
    {
        if (value is { } v && double.IsFinite(v)) evidence[key] = v;
    }

    private static string Percent(double? rate) =>
        rate is { } r ? (r * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "n/a";

    internal static string MetricName(ShadowMetric metric) => metric == ShadowMetric.Latency ? "latency_ms" : "prediction";

    private double NextDouble()
    {
        if (_random is null) return Random.Shared.NextDouble();
        lock (_randomGate) return _random.NextDouble();
    }

    /// <summary>Drops waits that are too old or beyond the bound, oldest first.</summary>
    private void Trim(DateTimeOffset now)
    {
        // One trimmer at a time: two could otherwise each peek the same eligible head and dequeue two entries,
        // dropping a wait that is still live. A busy gate means someone is trimming already.
        if (!_trimGate.TryEnter()) return;
        try
        {
            // Finished waits leave the queue when they reach its head; the live ones are bounded by MaxPending, and
            // the queue itself (live and finished) by four times that, should a stalled request hold the head.
            while (_pendingOrder.TryPeek(out var oldest)
                   && (oldest.Done || now - oldest.Created > Options.PendingTimeout
                       || Volatile.Read(ref _live) > Options.MaxPending || _pendingOrder.Count > 4L * Options.MaxPending))
            {
                _pendingOrder.TryDequeue(out _);
                if (!_pending.TryRemove(new KeyValuePair<string, PendingRequest>(oldest.RequestId, oldest))) continue;
                Interlocked.Decrement(ref _live);
                if (!oldest.Done) Interlocked.Increment(ref _unpaired);
            }
        }
        finally
        {
            _trimGate.Exit();
        }
    }

    /// <summary>One mirrored request: its primary outcome and the mirrors that answered before it.</summary>
    private sealed class PendingRequest(string requestId, DateTimeOffset created, int expectedMirrors)
    {
        private readonly Lock _gate = new();
        private VariantOutcome? _primary;
        private List<VariantOutcome>? _early;
        private int _mirrorsSeen;

        public string RequestId { get; } = requestId;

        public DateTimeOffset Created { get; } = created;

        public bool Done { get; private set; }

        /// <summary>Adds an outcome, pairing what can be paired; true once the primary and every mirror arrived.</summary>
        public bool Add(in VariantOutcome outcome, Dictionary<string, CandidateComparison> comparisons)
        {
            lock (_gate)
            {
                if (Done) return true;
                if (!outcome.Mirrored)
                {
                    if (_primary is not null) return false;
                    _primary = outcome;
                    if (_early is not null)
                    {
                        foreach (var mirror in _early) comparisons[mirror.Variant].AddPair(outcome, mirror);
                        _early = null;
                    }
                }
                else
                {
                    _mirrorsSeen++;
                    if (_primary is { } primary) comparisons[outcome.Variant].AddPair(primary, outcome);
                    else (_early ??= []).Add(outcome);
                }
                Done = _primary is not null && _mirrorsSeen >= expectedMirrors;
                return Done;
            }
        }
    }
}
