using System.Globalization;
using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Rollouts;
using Gyre.Serving.Routing;
using Gyre.Stats.Categorical;
using Gyre.Stats.TwoSample;

namespace Gyre.Serving.Policies.AbTest;

/// <summary>
/// Sticky A/B test: a request's key (a header or a JSON field, read by the host into RouteContext.StickyKey) is
/// hashed with a per-experiment salt onto the arms' weights, so one user always sees the same arm, in every
/// replica and across restarts; a request without a key gets a random arm. Guardrails (error rate, p99 latency)
/// are judged per arm; an arm that breaks one is reported by a "guardrail_breached" event and, unless settings
/// say otherwise, gets no more traffic (its keys move to the other arms; every other key keeps its arm).
/// Status() compares every arm with the control on the rewards fed back: a two-proportion z-test when
/// every reward is 0 or 1 (conversions), Welch's t-test otherwise.
/// </summary>
public sealed class AbTestPolicy : ITrafficPolicy, IPolicyCheckpoint
{
    public const string KindName = "ab";

    private readonly Dictionary<string, Arm> _arms;
    private readonly string[] _order;
    private readonly Dictionary<string, RouteDecision> _decisions;
    private readonly TrafficSplit _split;
    private readonly Random? _random;
    private readonly Lock _randomGate = new();
    private readonly Lock _evaluateGate = new();
    private volatile TrafficSplit _active;

    public AbTestPolicy(AbTestOptions options, IReadOnlyList<string> variants)
    {
        Options = options;
        _order = variants.ToArray();
        _arms = variants.ToDictionary(v => v, v => new Arm(options.MaxSamples), StringComparer.Ordinal);
        _decisions = variants.ToDictionary(v => v, RouteDecision.To, StringComparer.Ordinal);
        _split = new TrafficSplit(options.Weights);
        _active = _split;
        _random = options.Seed is { } seed ? new Random(seed) : null;
    }

    /// <summary>The factory's builder; the A/B test reads no clock (guardrails judge counts, not time).</summary>
    public static AbTestPolicy Create(PolicySpec spec, IReadOnlyList<string> variants, TimeProvider time) =>
        new(AbTestOptions.Parse(spec, variants), variants);

    public AbTestOptions Options { get; }

    public string Kind => KindName;

    public IReadOnlyDictionary<string, double> Shares => _active.Shares;

    /// <summary>Arms that broke a guardrail and no longer get traffic.</summary>
    public IReadOnlyList<string> StoppedArms => _order.Where(a => _arms[a].Stopped).ToArray();

    public RouteDecision Route(in RouteContext request)
    {
        if (request.VariantOverride is { } forced && _decisions.TryGetValue(forced, out var overridden)) return overridden;
        var active = _active;
        string arm;
        if (!string.IsNullOrEmpty(request.StickyKey))
        {
            arm = _split.PickFor(request.StickyKey, Options.Salt);
            // Only the keys of a stopped arm move (hashed again among the live arms); every other key stays put.
            if (!ReferenceEquals(active, _split) && _arms[arm].Stopped) arm = active.PickFor(request.StickyKey, Options.Salt + "/reassigned");
        }
        else
        {
            arm = active.Pick(NextDouble());
        }
        Interlocked.Increment(ref _arms[arm].Routed);
        return _decisions[arm];
    }

    public void RecordOutcome(in VariantOutcome outcome)
    {
        if (outcome.Mirrored || !_arms.TryGetValue(outcome.Variant, out var arm)) return;
        arm.Outcomes.Record(outcome.Succeeded, outcome.Latency);
    }

    public void RecordFeedback(in FeedbackRecord feedback)
    {
        if (feedback.Reward is not { } reward || !_arms.TryGetValue(feedback.Variant, out var arm)) return;
        if (!double.IsFinite(reward)) throw GyreException.InvalidParameter($"Reward {reward} for request '{feedback.RequestId}' is not a finite number.");
        arm.Rewards.Add(reward);
    }

    public IReadOnlyList<DeploymentEvent> Evaluate(DateTimeOffset now)
    {
        lock (_evaluateGate)
        {
            List<DeploymentEvent>? events = null;
            foreach (var name in _order)
            {
                var arm = _arms[name];
                if (arm.Breached || arm.Outcomes.Requests < Options.MinRequests) continue;
                if (Breach(name, arm) is not { } breach) continue;
                arm.Breached = true;
                var live = _order.Count(a => !_arms[a].Stopped && Options.Weights[a] > 0);
                var stop = Options.StopOnBreach && live > 1;
                if (stop)
                {
                    arm.Stopped = true;
                    _active = new TrafficSplit(_order.ToDictionary(a => a, a => _arms[a].Stopped ? 0 : Options.Weights[a], StringComparer.Ordinal));
                }
                breach.Evidence["stopped"] = stop ? 1 : 0;
                var outcome = stop ? "it gets no more traffic"
                    : Options.StopOnBreach ? "it keeps serving: it is the last arm with traffic"
                    : "it keeps serving (stop_on_breach is off)";
                (events ??= []).Add(new DeploymentEvent(now, "", "guardrail_breached", $"arm '{name}' {breach.Reason}; {outcome}", breach.Evidence, Shares));
            }
            return events ?? (IReadOnlyList<DeploymentEvent>)[];
        }
    }

    public IReadOnlyDictionary<string, object?> Status()
    {
        var snapshots = _order.ToDictionary(a => a, a => _arms[a].Rewards.Take(), StringComparer.Ordinal);
        var shares = Shares;
        var arms = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in _order)
        {
            var arm = _arms[name];
            var rewards = snapshots[name];
            arms[name] = new Dictionary<string, object?>
            {
                ["weight"] = Options.Weights[name],
                ["share"] = shares[name],
                ["routed"] = Interlocked.Read(ref arm.Routed),
                ["requests"] = arm.Outcomes.Requests,
                ["errors"] = arm.Outcomes.Errors,
                ["error_rate"] = arm.Outcomes.Requests == 0 ? null : arm.Outcomes.ErrorRate,
                ["latency_p99_ms"] = arm.Outcomes.Requests == 0 ? null : arm.Outcomes.LatencyQuantileSeconds(0.99) * 1000,
                ["guardrail_breached"] = arm.Breached,
                ["stopped"] = arm.Stopped,
                ["rewards"] = rewards.Rewards,
                ["reward_mean"] = rewards.Mean,
                ["conversions"] = rewards.Binary ? rewards.Conversions : null,
                ["conversion_rate"] = rewards.Binary ? rewards.Mean : null,
            };
        }
        var comparisons = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in _order)
        {
            if (name != Options.Control) comparisons[name] = Compare(snapshots[name], snapshots[Options.Control]);
        }
        return new Dictionary<string, object?>
        {
            ["kind"] = KindName,
            ["control"] = Options.Control,
            ["salt"] = Options.Salt,
            ["key_header"] = Options.KeyHeader,
            ["key_field"] = Options.KeyField,
            ["arms"] = arms,
            ["comparisons"] = comparisons,
        };
    }

    public string SaveState() => JsonSerializer.Serialize(new Dictionary<string, string[]>
    {
        ["breached"] = _order.Where(a => _arms[a].Breached).ToArray(),
        ["stopped"] = _order.Where(a => _arms[a].Stopped).ToArray(),
    });

    public void RestoreState(string state)
    {
        string[] breached, stopped;
        try
        {
            using var document = JsonDocument.Parse(state);
            breached = document.RootElement.GetProperty("breached").EnumerateArray().Select(a => a.GetString()!).ToArray();
            stopped = document.RootElement.GetProperty("stopped").EnumerateArray().Select(a => a.GetString()!).ToArray();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw GyreException.InvalidParameter($"Saved ab state '{state}' is not readable: {e.Message}");
        }
        foreach (var arm in breached.Concat(stopped))
        {
            if (!_arms.ContainsKey(arm)) throw GyreException.InvalidParameter($"Saved ab state names arm '{arm}', which this deployment does not have.");
        }
        if (_order.All(a => stopped.Contains(a) || Options.Weights[a] == 0))
            throw GyreException.InvalidParameter($"Saved ab state stops every arm with traffic ({string.Join(", ", stopped)}).");
        lock (_evaluateGate)
        {
            foreach (var arm in breached) _arms[arm].Breached = true;
            foreach (var arm in stopped) _arms[arm].Stopped = true;
            _active = stopped.Length == 0 ? _split
                : new TrafficSplit(_order.ToDictionary(a => a, a => _arms[a].Stopped ? 0 : Options.Weights[a], StringComparer.Ordinal));
        }
    }

    /// <summary>An arm's rewards against the control's: z-test on conversions, or Welch's t-test on mean reward.</summary>
    internal static Dictionary<string, object?> Compare(ArmRewards.Snapshot arm, ArmRewards.Snapshot control)
    {
        var result = new Dictionary<string, object?>
        {
            ["difference"] = arm.Mean is { } a && control.Mean is { } c ? a - c : null,
        };
        try
        {
            if (arm.Binary && control.Binary && arm.Rewards > 0 && control.Rewards > 0)
            {
                var z = TwoProportionZTest.Test(arm.Conversions, arm.Rewards, control.Conversions, control.Rewards);
                result["test"] = "two_proportion_z";
                result["statistic"] = z.Statistic;
                result["p_value"] = z.PValue;
                return result;
            }
            if (arm.Recent.Length >= 2 && control.Recent.Length >= 2)
            {
                var t = TTest.Independent(arm.Recent, control.Recent, equalVariances: false);
                result["test"] = "welch_t";
                result["statistic"] = t.Statistic;
                result["p_value"] = t.PValue;
                result["degrees_of_freedom"] = t.DegreesOfFreedom;
                return result;
            }
            result["note"] = "not enough rewards on both arms yet";
        }
        catch (GyreException error)
        {
            result["note"] = error.Message;
        }
        return result;
    }

    private (string Reason, Dictionary<string, double> Evidence)? Breach(string name, Arm arm)
    {
        var requests = arm.Outcomes.Requests;
        var evidence = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["requests"] = requests,
            ["errors"] = arm.Outcomes.Errors,
            ["error_rate"] = arm.Outcomes.ErrorRate,
            ["min_requests"] = Options.MinRequests,
        };
        var p99 = arm.Outcomes.LatencyQuantileSeconds(0.99) * 1000;
        if (double.IsFinite(p99)) evidence["p99_ms"] = p99;
        if (Options.MaxErrorRate is { } maxErrors)
        {
            evidence["max_error_rate"] = maxErrors;
            if (arm.Outcomes.ErrorRate > maxErrors)
                return (Invariant($"error rate {arm.Outcomes.ErrorRate:P2} over {requests} requests exceeds the guardrail of {maxErrors:P2}"), evidence);
        }
        if (Options.MaxP99Latency is { } maxP99)
        {
            evidence["max_p99_ms"] = maxP99.TotalMilliseconds;
            if (p99 > maxP99.TotalMilliseconds)
                return (Invariant($"p99 latency {p99:0.##} ms over {requests} requests exceeds the guardrail of {maxP99.TotalMilliseconds:0.##} ms"), evidence);
        }
        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private double NextDouble()
    {
        if (_random is null) return Random.Shared.NextDouble();
        lock (_randomGate) return _random.NextDouble();
    }

    private sealed class Arm(int maxSamples)
    {
        public readonly ArmCounters Outcomes = new();
        public readonly ArmRewards Rewards = new(maxSamples);
        public long Routed;
        public volatile bool Breached;
        public volatile bool Stopped;
    }
}
