using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Gyre.Core.Errors;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Api;
using Gyre.Serving.Hosting;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Serving.Deployments;

/// <summary>
/// Runs deployments: loads their variants, routes each request through the deployment's traffic policy,
/// hot-swaps updates without failing a request, evaluates policies in the background (about once a
/// second), and persists deployments, events and policy checkpoints in the tracking store.
/// Others plug in through <see cref="AddObserver"/> (every scored request), <see cref="AddFeedbackObserver"/>
/// (every piece of feedback, after the policy got it), <see cref="EventRecorded"/> and <see cref="AddEndpoints"/>.
/// </summary>
public sealed partial class DeploymentHost : IAsyncDisposable
{
    public const string TrafficShare = "gyre_traffic_share";

    private readonly DeploymentHostOptions _options;
    private readonly ConcurrentDictionary<string, Deployment> _deployments = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _creating = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<Action<IEndpointRouteBuilder>> _endpoints = [];
    private readonly List<string> _loadErrors = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Gauge _shares;
    private IScoringObserver[] _observers = [];
    private IFeedbackObserver[] _feedbackObservers = [];
    private Task? _evaluationLoop;
    private Deployment? _default;
    private long _generation;

    private DeploymentHost(DeploymentHostOptions options)
    {
        _options = options;
        var registry = options.Metrics;
        if (registry is null)
        {
            registry = new MetricRegistry();
            ProcessMetrics.Register(registry);
        }
        Metrics = new ServingMetrics(registry);
        _shares = registry.Gauge(TrafficShare, "Each variant's current share of a deployment's served traffic (0 to 1).", "deployment", "variant");
        registry.OnCollect(RefreshCacheGauges);
    }

    private readonly Lock _cacheGauges = new();
    private HashSet<(string Deployment, string Version)> _cacheSeries = [];

    /// <summary>
    /// Sets the cache entry and byte gauges per deployment and model version at scrape time (walking a cache
    /// costs little next to a scrape, and nothing on the request path); series of caches now gone drop to 0.
    /// </summary>
    private void RefreshCacheGauges()
    {
        var entries = Metrics.Registry.Gauge(ServingMetrics.CacheEntries, "", "deployment", "version");
        var bytes = Metrics.Registry.Gauge(ServingMetrics.CacheBytes, "", "deployment", "version");
        lock (_cacheGauges)
        {
            var seen = new HashSet<(string, string)>();
            foreach (var d in _deployments.Values)
            {
                var snapshot = d.Current;
                if (snapshot.Cache is not { } cache) continue;
                foreach (var (version, count) in cache.CountByLabel())
                {
                    entries.WithLabels(d.Name, version).Set(count.Entries);
                    bytes.WithLabels(d.Name, version).Set(count.Bytes);
                    seen.Add((d.Name, version));
                }
                foreach (var v in snapshot.Variants)
                {
                    if (!seen.Add((d.Name, v.Version))) continue;
                    entries.WithLabels(d.Name, v.Version).Set(0);
                    bytes.WithLabels(d.Name, v.Version).Set(0);
                }
            }
            foreach (var (deployment, version) in _cacheSeries)
            {
                if (seen.Contains((deployment, version))) continue;
                entries.WithLabels(deployment, version).Set(0);
                bytes.WithLabels(deployment, version).Set(0);
            }
            _cacheSeries = seen;
        }
    }

    /// <summary>Creates a host, attaches the built-in extensions, loads the persisted deployments and starts evaluating.</summary>
    public static async Task<DeploymentHost> StartAsync(DeploymentHostOptions? options = null, CancellationToken ct = default)
    {
        var host = new DeploymentHost(options ?? new DeploymentHostOptions());
        BuiltInHostExtensions.AttachAll(host);
        await host.LoadPersistedAsync(ct).ConfigureAwait(false);
        if (host._options.EvaluationInterval > TimeSpan.Zero) host._evaluationLoop = Task.Run(host.EvaluationLoopAsync, CancellationToken.None);
        return host;
    }

    public DeploymentHostOptions Options => _options;

    public TimeProvider Time => _options.Time;

    /// <summary>RED metrics per deployment, version and route; its registry is what <c>/metrics</c> exposes.</summary>
    public ServingMetrics Metrics { get; }

    /// <summary>Persisted deployments that could not be loaded at start, with the reason (they stay in the store).</summary>
    public IReadOnlyList<string> LoadErrors
    {
        get { lock (_gate) return _loadErrors.ToArray(); }
    }

    /// <summary>Raised after every event is recorded (and persisted), automatic or manual.</summary>
    public event Action<DeploymentEvent>? EventRecorded;

    public IReadOnlyList<Deployment> Deployments => _deployments.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();

    /// <summary>The deployment <c>/invocations</c> serves: the configured default, else the only one; null when ambiguous or none.</summary>
    public Deployment? DefaultDeployment => Volatile.Read(ref _default);

    /// <summary>Recomputed when deployments come and go, so /invocations reads one field per request.</summary>
    private void RefreshDefault()
    {
        lock (_gate)
        {
            var all = _deployments.Values.ToArray();
            Volatile.Write(ref _default, _options.DefaultDeployment is { } name ? all.FirstOrDefault(d => d.Name == name)
                : all.Length == 1 ? all[0] : null);
        }
    }

    public bool TryGet(string name, [NotNullWhen(true)] out Deployment? deployment) => _deployments.TryGetValue(name, out deployment);

    /// <summary>The deployment by name; RESOURCE_DOES_NOT_EXIST when there is none.</summary>
    public Deployment Get(string name) =>
        _deployments.TryGetValue(name, out var deployment) ? deployment
        : throw GyreException.NotFound($"Deployment '{name}' does not exist.");

    // ---- plug-in points ----

    /// <summary>Calls <paramref name="observer"/> after every scored request (served and mirrored) of every deployment.</summary>
    public void AddObserver(IScoringObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate) Volatile.Write(ref _observers, [.. _observers, observer]);
    }

    public void RemoveObserver(IScoringObserver observer)
    {
        lock (_gate) Volatile.Write(ref _observers, _observers.Where(o => !ReferenceEquals(o, observer)).ToArray());
    }

    /// <summary>Calls <paramref name="observer"/> for every piece of feedback given to <see cref="RecordFeedback"/>.</summary>
    public void AddFeedbackObserver(IFeedbackObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate) Volatile.Write(ref _feedbackObservers, [.. _feedbackObservers, observer]);
    }

    public void RemoveFeedbackObserver(IFeedbackObserver observer)
    {
        lock (_gate) Volatile.Write(ref _feedbackObservers, _feedbackObservers.Where(o => !ReferenceEquals(o, observer)).ToArray());
    }

    /// <summary>Adds endpoints (e.g. the feedback API) that <see cref="MapEndpoints"/> maps along with the host's own.</summary>
    public void AddEndpoints(Action<IEndpointRouteBuilder> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        lock (_gate) _endpoints.Add(map);
    }

    internal IScoringObserver[] Observers => Volatile.Read(ref _observers);

    /// <summary>
    /// Maps the scoring routes (<c>/deployments/{name}/invocations</c>, <c>/invocations</c>, <c>/v2/...</c>,
    /// <c>/ping</c>, <c>/metrics</c>), the deployments API (<c>/api/gyre/deployments</c>) and added endpoints.
    /// <paramref name="includeHealth"/> also maps <c>/health</c> and <c>/version</c> (off when a tracking server owns them).
    /// </summary>
    public void MapEndpoints(IEndpointRouteBuilder routes, bool includeHealth = true)
    {
        new ScoringEndpoints(this).Map(routes, includeHealth);
        DeploymentEndpoints.Map(routes, this);
        Action<IEndpointRouteBuilder>[] extra;
        lock (_gate) extra = _endpoints.ToArray();
        foreach (var map in extra) map(routes);
    }

    /// <summary>
    /// Delayed feedback (a label or a reward) for a request the deployment answered: goes to the policy
    /// (bandits learn from it) and to every feedback observer. False when the deployment does not exist.
    /// </summary>
    public bool RecordFeedback(string deployment, in FeedbackRecord feedback)
    {
        if (!_deployments.TryGetValue(deployment, out var d)) return false;
        d.Current.Policy.RecordFeedback(feedback);
        foreach (var observer in Volatile.Read(ref _feedbackObservers)) observer.OnFeedback(deployment, feedback);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_evaluationLoop is not null)
        {
            try
            {
                await _evaluationLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
        foreach (var d in _deployments.Values)
            foreach (var (_, batcher) in d.Current.Batchers) await batcher.DisposeAsync().ConfigureAwait(false);
        foreach (var d in _deployments.Values)
            foreach (var v in d.Current.Variants) v.Served.Model.Dispose();
        _deployments.Clear();
        _stopping.Dispose();
    }
}
