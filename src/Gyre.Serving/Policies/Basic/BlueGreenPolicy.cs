using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Policies.Basic;

/// <summary>
/// <c>blue_green</c>: all traffic goes to the active variant (setting <c>active</c>, default the first);
/// the <c>switch</c> action moves it to another (the other one when there are two). With
/// <c>max_error_rate</c> set, a switch is undone by itself when the newly active variant's error rate
/// exceeds it after at least <c>min_requests</c> requests (default 50), within <c>watch_seconds</c>
/// of the switch (default 600).
/// </summary>
public sealed class BlueGreenPolicy : ITrafficPolicy, IPolicyCheckpoint, IPolicyActions
{
    public const string KindName = "blue_green";
    private readonly VariantRoutes _routes;
    private readonly double? _maxErrorRate;
    private readonly int _minRequests;
    private readonly TimeSpan _watch;
    private readonly Lock _gate = new();
    private volatile Watch _state;

    private BlueGreenPolicy(VariantRoutes routes, string active, double? maxErrorRate, int minRequests, TimeSpan watch)
    {
        _routes = routes;
        _maxErrorRate = maxErrorRate;
        _minRequests = minRequests;
        _watch = watch;
        _state = new Watch(active, null, DateTimeOffset.MinValue);
    }

    public static ITrafficPolicy Create(PolicySpec spec, IReadOnlyList<string> variants, TimeProvider time)
    {
        var settings = PolicySettings.Of(spec, "active", "max_error_rate", "min_requests", "watch_seconds");
        if (variants.Count < 2) throw settings.Bad("needs at least two variants to switch between");
        return new BlueGreenPolicy(new VariantRoutes(variants), settings.Variant("active", variants, variants[0]),
            settings.OptionalDouble("max_error_rate", 0, 1), settings.Int("min_requests", 50, 1, int.MaxValue),
            TimeSpan.FromSeconds(settings.Double("watch_seconds", 600, 0, 30 * 86_400)));
    }

    public string Kind => KindName;

    public string Active => _state.Active;

    public IReadOnlyDictionary<string, double> Shares
    {
        get
        {
            var active = Active;
            return _routes.Names.ToDictionary(v => v, v => v == active ? 1.0 : 0.0, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<string> Actions { get; } = ["switch"];

    public RouteDecision Route(in RouteContext request) => _routes.Override(request) ?? _routes.To(_state.Active);

    public void RecordOutcome(in VariantOutcome outcome)
    {
        var state = _state;
        if (!outcome.Mirrored && outcome.Variant == state.Active) state.Record(outcome.Succeeded);
    }

    public void RecordFeedback(in FeedbackRecord feedback)
    {
    }

    public IReadOnlyList<DeploymentEvent> Evaluate(DateTimeOffset now)
    {
        if (_maxErrorRate is not { } limit) return [];
        lock (_gate)
        {
            var state = _state;
            if (state.Previous is null || now - state.SwitchedAt > _watch) return [];
            var requests = state.Requests;
            if (requests < _minRequests) return [];
            var rate = (double)state.Errors / requests;
            if (rate <= limit) return [];
            var evidence = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["requests"] = requests,
                ["errors"] = state.Errors,
                ["error_rate"] = rate,
                ["max_error_rate"] = limit,
                ["seconds_since_switch"] = (now - state.SwitchedAt).TotalSeconds,
            };
            _state = new Watch(state.Previous, null, now);
            return [new DeploymentEvent(now, "", "switched",
                $"'{state.Active}' failed {rate:P2} of {requests} requests since the switch, above the limit of {limit:P2}; switched back to '{state.Previous}'",
                evidence, Shares)];
        }
    }

    public IReadOnlyList<DeploymentEvent> Act(string action, string? variant, DateTimeOffset now)
    {
        if (action != "switch") throw GyreException.InvalidParameter($"A blue_green deployment takes the action 'switch', not '{action}'.");
        lock (_gate)
        {
            var state = _state;
            string target;
            if (variant is not null)
            {
                if (!_routes.Names.Contains(variant))
                    throw GyreException.NotFound($"Variant '{variant}' is not one of this deployment's variants ({string.Join(", ", _routes.Names)}).");
                target = variant;
            }
            else if (_routes.Names.Count == 2)
            {
                target = _routes.Names[0] == state.Active ? _routes.Names[1] : _routes.Names[0];
            }
            else
            {
                throw GyreException.InvalidParameter($"This deployment has {_routes.Names.Count} variants; say which one to switch to.");
            }
            if (target == state.Active) throw GyreException.InvalidState($"'{target}' is already active.");
            _state = new Watch(target, state.Active, now);
            return [new DeploymentEvent(now, "", "switched", $"switched by hand from '{state.Active}' to '{target}'",
                new Dictionary<string, double>(StringComparer.Ordinal), Shares)];
        }
    }

    public IReadOnlyDictionary<string, object?> Status()
    {
        var state = _state;
        return new Dictionary<string, object?>
        {
            ["active"] = state.Active,
            ["previous"] = state.Previous,
            ["requests_since_switch"] = state.Requests,
            ["errors_since_switch"] = state.Errors,
            ["max_error_rate"] = _maxErrorRate,
        };
    }

    public string SaveState() => JsonSerializer.Serialize(new Dictionary<string, string> { ["active"] = Active });

    public void RestoreState(string state)
    {
        string? active;
        try
        {
            using var document = JsonDocument.Parse(state);
            active = document.RootElement.GetProperty("active").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw GyreException.InvalidParameter($"Saved blue_green state '{state}' is not readable: {e.Message}");
        }
        if (active is null || !_routes.Names.Contains(active))
            throw GyreException.InvalidParameter($"Saved blue_green state names variant '{active}', which this deployment does not have.");
        _state = new Watch(active, null, DateTimeOffset.MinValue);
    }

    /// <summary>Who is active, who was before the last switch (while watched), and the new active's counts.</summary>
    private sealed class Watch(string active, string? previous, DateTimeOffset switchedAt)
    {
        private long _requests, _errors;

        public string Active { get; } = active;
        public string? Previous { get; } = previous;
        public DateTimeOffset SwitchedAt { get; } = switchedAt;
        public long Requests => Interlocked.Read(ref _requests);
        public long Errors => Interlocked.Read(ref _errors);

        public void Record(bool succeeded)
        {
            Interlocked.Increment(ref _requests);
            if (!succeeded) Interlocked.Increment(ref _errors);
        }
    }
}
