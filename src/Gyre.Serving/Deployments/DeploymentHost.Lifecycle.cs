using Gyre.Core.Errors;
using Gyre.Serving.Hosting;

namespace Gyre.Serving.Deployments;

public sealed partial class DeploymentHost
{
    /// <summary>
    /// Creates a deployment: checks the spec and the policy's settings, loads every variant's model, then
    /// persists it and starts serving. Nothing is stored when any step fails.
    /// </summary>
    public async Task<Deployment> CreateAsync(DeploymentSpec spec, CancellationToken ct = default)
    {
        CheckSpec(spec);
        await _creating.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_deployments.ContainsKey(spec.Name)) throw GyreException.AlreadyExists($"Deployment '{spec.Name}' already exists.");
            var policy = TrafficPolicyFactory.Create(spec.Policy, VariantNames(spec), Time);
            var variants = await LoadVariantsAsync(spec, null, ct).ConfigureAwait(false);
            try
            {
                if (_options.Store is { } store) await store.CreateDeploymentAsync(spec.Name, DeploymentJson.Serialize(spec), ct).ConfigureAwait(false);
            }
            catch
            {
                DisposeUnshared(variants, null);
                throw;
            }
            var deployment = new Deployment(spec.Name, NewSnapshot(spec, variants, policy, null), _options.Store is not null);
            _deployments[spec.Name] = deployment;
            RefreshDefault();
            Published(deployment);
            await RecordEventAsync(new DeploymentEvent(Time.GetUtcNow(), spec.Name, "created",
                $"created with policy '{spec.Policy.Kind}' over {Describe(variants)}", Versions(variants), policy.Shares), ct).ConfigureAwait(false);
            return deployment;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>
    /// Serves an already loaded model as a deployment with policy <c>single</c>, kept in memory only: what
    /// <c>gyre serve --model</c> does.
    /// </summary>
    public Deployment AddEphemeral(string name, ServedModel model, string modelUri,
        Batching.BatchingOptions? batching = null, Caching.PredictionCacheOptions? cache = null)
    {
        DeploymentJson.CheckName(name, "Deployment name");
        var spec = new DeploymentSpec(name, [new VariantSpec(name, modelUri)], new PolicySpec("single", default), null, batching, cache);
        CheckSpec(spec);
        var variants = new[] { new LoadedVariant(name, modelUri, model, modelUri) };
        var deployment = new Deployment(name, NewSnapshot(spec, variants, TrafficPolicyFactory.Create(spec.Policy, [name], Time), null), persisted: false);
        if (!_deployments.TryAdd(name, deployment)) throw GyreException.AlreadyExists($"Deployment '{name}' already exists.");
        RefreshDefault();
        Published(deployment);
        return deployment;
    }

    /// <summary>
    /// Updates a deployment's variants and/or policy with no failed request: new models are loaded fully
    /// first, then the new snapshot replaces the old with one reference write; requests in flight finish on
    /// the old one, whose models are disposed after a grace period. A policy whose spec and variant names
    /// are unchanged keeps running (a canary keeps its stage); otherwise a fresh one starts.
    /// </summary>
    public async Task<Deployment> UpdateAsync(DeploymentSpec spec, CancellationToken ct = default)
    {
        CheckSpec(spec);
        var deployment = Get(spec.Name);
        await deployment.Changes.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var old = deployment.Current;
            var keepPolicy = DeploymentJson.SamePolicy(old.Spec, spec);
            var policy = keepPolicy ? old.Policy : TrafficPolicyFactory.Create(spec.Policy, VariantNames(spec), Time);
            var variants = await LoadVariantsAsync(spec, old, ct).ConfigureAwait(false);
            try
            {
                if (deployment.Persisted && _options.Store is { } store)
                {
                    var checkpoint = keepPolicy && policy is IPolicyCheckpoint saved ? saved.SaveState() : null;
                    await store.UpdateDeploymentAsync(spec.Name, DeploymentJson.Serialize(spec), checkpoint, ct).ConfigureAwait(false);
                }
            }
            catch
            {
                DisposeUnshared(variants, old.Variants);
                throw;
            }
            var next = NewSnapshot(spec, variants, policy, old);
            deployment.Swap(next);
            RetireBatchers(old, next);
            Retire(old.Variants, variants);
            Published(deployment);
            var changed = variants.Where(v => !old.Variants.Any(o => ReferenceEquals(o, v))).ToArray();
            var serving = ServingChanges(old.Spec, spec);
            var reason = changed.Length == 0
                ? keepPolicy ? serving ?? "updated; nothing changed" : $"policy replaced by '{spec.Policy.Kind}'" + (serving is null ? "" : "; " + serving)
                : $"swapped in {Describe(changed)}" + (keepPolicy ? "" : $"; policy '{spec.Policy.Kind}' started afresh") + (serving is null ? "" : "; " + serving);
            await RecordEventAsync(new DeploymentEvent(Time.GetUtcNow(), spec.Name, changed.Length > 0 ? "swapped" : "updated",
                reason, Versions(variants), policy.Shares), ct).ConfigureAwait(false);
            return deployment;
        }
        finally
        {
            deployment.Changes.Release();
        }
    }

    /// <summary>Stops serving a deployment and removes it (and its events) from the store.</summary>
    public async Task DeleteAsync(string name, CancellationToken ct = default)
    {
        if (!_deployments.TryGetValue(name, out var deployment))
        {
            // A persisted deployment that failed to load can still be deleted.
            if (_options.Store is { } store && await store.GetDeploymentAsync(name, ct).ConfigureAwait(false) is not null)
            {
                await store.DeleteDeploymentAsync(name, ct).ConfigureAwait(false);
                return;
            }
            throw GyreException.NotFound($"Deployment '{name}' does not exist.");
        }
        await deployment.Changes.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (deployment.Persisted && _options.Store is { } store) await store.DeleteDeploymentAsync(name, ct).ConfigureAwait(false);
            _deployments.TryRemove(name, out _);
            RefreshDefault();
            foreach (var v in deployment.Current.Variants) _shares.WithLabels(name, v.Name).Set(0);
            RetireBatchers(deployment.Current, null);
            Retire(deployment.Current.Variants, []);
        }
        finally
        {
            deployment.Changes.Release();
        }
    }

    /// <summary>A manual move (promote, rollback, switch, ...) on the deployment's policy, recorded as events.</summary>
    public async Task<IReadOnlyList<DeploymentEvent>> ActAsync(string name, string action, string? variant = null, CancellationToken ct = default)
    {
        var deployment = Get(name);
        await deployment.Changes.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var snapshot = deployment.Current;
            if (snapshot.Policy is not IPolicyActions actions)
                throw GyreException.InvalidParameter($"Deployment '{name}' runs policy '{snapshot.Policy.Kind}', which takes no manual actions.");
            if (!actions.Actions.Contains(action))
                throw GyreException.InvalidParameter(
                    $"Policy '{snapshot.Policy.Kind}' takes the actions {string.Join(", ", actions.Actions)}; '{action}' is not one of them.");
            var events = actions.Act(action, variant, Time.GetUtcNow());
            return await PublishAsync(deployment, snapshot, events, ct).ConfigureAwait(false);
        }
        finally
        {
            deployment.Changes.Release();
        }
    }

    public DeploymentStatus GetStatus(string name)
    {
        var snapshot = Get(name).Current;
        return new DeploymentStatus(name, snapshot.Policy.Kind, snapshot.Generation, snapshot.Policy.Shares, snapshot.Policy.Status(),
            snapshot.Variants.Select(v => new VariantStatus(v.Name, v.ModelUri, v.Version, v.Served.Model.Format,
                v.Counters.Requests, v.Counters.Errors, v.Counters.MeanLatencyMs)).ToArray());
    }

    /// <summary>The deployment's events, oldest first (at most <paramref name="limit"/> of the newest).</summary>
    public async Task<IReadOnlyList<DeploymentEvent>> GetEventsAsync(string name, int limit = 1000, CancellationToken ct = default)
    {
        if (limit <= 0) throw GyreException.InvalidParameter($"limit must be positive, got {limit}.");
        var deployment = _deployments.GetValueOrDefault(name);
        if ((deployment is null || deployment.Persisted) && _options.Store is { } store)
        {
            if (deployment is null && await store.GetDeploymentAsync(name, ct).ConfigureAwait(false) is null)
                throw GyreException.NotFound($"Deployment '{name}' does not exist.");
            var records = await store.ListDeploymentEventsAsync(name, limit, ct).ConfigureAwait(false);
            return records.Select(r => DeploymentJson.ParseEvent(r.EventJson)).ToArray();
        }
        if (deployment is null) throw GyreException.NotFound($"Deployment '{name}' does not exist.");
        lock (deployment.MemoryEvents) return deployment.MemoryEvents.TakeLast(limit).ToArray();
    }

    /// <summary>
    /// Records an event for a deployment (persisted when the deployment is), e.g. an alert raised by a
    /// monitor; then raises <see cref="EventRecorded"/>.
    /// </summary>
    public async Task RecordEventAsync(DeploymentEvent e, CancellationToken ct = default)
    {
        var deployment = _deployments.GetValueOrDefault(e.Deployment)
            ?? throw GyreException.NotFound($"Deployment '{e.Deployment}' does not exist.");
        if (deployment.Persisted && _options.Store is { } store)
        {
            await store.AppendDeploymentEventAsync(e.Deployment, e.Timestamp.ToUnixTimeMilliseconds(), e.Kind, DeploymentJson.Serialize(e), ct)
                .ConfigureAwait(false);
        }
        else
        {
            lock (deployment.MemoryEvents)
            {
                deployment.MemoryEvents.Enqueue(e);
                while (deployment.MemoryEvents.Count > _options.MemoryEventLimit) deployment.MemoryEvents.Dequeue();
            }
        }
        EventRecorded?.Invoke(e);
    }

    /// <summary>Records a policy's decisions, saves its checkpoint and updates the share gauges.</summary>
    private async Task<IReadOnlyList<DeploymentEvent>> PublishAsync(Deployment deployment, DeploymentSnapshot snapshot,
        IReadOnlyList<DeploymentEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return events;
        var named = events.Select(e => e.Deployment == deployment.Name ? e : e with { Deployment = deployment.Name }).ToArray();
        foreach (var e in named) await RecordEventAsync(e, ct).ConfigureAwait(false);
        if (deployment.Persisted && _options.Store is { } store && snapshot.Policy is IPolicyCheckpoint checkpoint
            && ReferenceEquals(deployment.Current, snapshot))
            await store.SavePolicyStateAsync(deployment.Name, checkpoint.SaveState(), ct).ConfigureAwait(false);
        Published(deployment);
        return named;
    }

    private async Task LoadPersistedAsync(CancellationToken ct)
    {
        if (_options.Store is not { } store) return;
        foreach (var record in await store.ListDeploymentsAsync(ct).ConfigureAwait(false))
        {
            try
            {
                var spec = DeploymentJson.ParseSpec(record.SpecJson);
                var policy = TrafficPolicyFactory.Create(spec.Policy, VariantNames(spec), Time);
                if (record.PolicyState is { } state && policy is IPolicyCheckpoint checkpoint) checkpoint.RestoreState(state);
                var variants = await LoadVariantsAsync(spec, null, ct).ConfigureAwait(false);
                var deployment = new Deployment(spec.Name, NewSnapshot(spec, variants, policy, null), persisted: true);
                _deployments[spec.Name] = deployment;
                RefreshDefault();
                Published(deployment);
            }
            catch (Exception e) when (e is GyreException or IOException or System.Text.Json.JsonException)
            {
                lock (_gate) _loadErrors.Add($"Deployment '{record.Name}' was not loaded: {e.Message}");
            }
        }
    }

    private async Task<LoadedVariant[]> LoadVariantsAsync(DeploymentSpec spec, DeploymentSnapshot? current, CancellationToken ct)
    {
        var loaded = new List<LoadedVariant>();
        try
        {
            foreach (var v in spec.Variants)
            {
                // A path is the same model as long as the URI is; a models:/ URI may now resolve elsewhere.
                if (current is not null && current.TryGetVariant(v.Name, out var existing) && existing.ModelUri == v.ModelUri
                    && !v.ModelUri.StartsWith("models:/", StringComparison.Ordinal))
                {
                    loaded.Add(existing);
                    continue;
                }
                LoadedModel model;
                try
                {
                    model = await _options.ModelSource.LoadAsync(v.ModelUri, ct).ConfigureAwait(false);
                }
                catch (GyreException e)
                {
                    throw new GyreException(e.Code, $"Variant '{v.Name}': {e.Message}", e);
                }
                if (current is not null && current.TryGetVariant(v.Name, out existing) && existing.ModelUri == v.ModelUri
                    && existing.Version == model.Version && existing.Location == model.Location)
                {
                    model.Model.Dispose();
                    loaded.Add(existing);
                    continue;
                }
                loaded.Add(new LoadedVariant(v.Name, v.ModelUri, new ServedModel(spec.Name, model.Version, model.Model), model.Location));
            }
            return loaded.ToArray();
        }
        catch
        {
            DisposeUnshared(loaded, current?.Variants);
            throw;
        }
    }

    /// <summary>
    /// A snapshot with its batchers and cache: those of <paramref name="previous"/> are kept where the model and
    /// the settings are unchanged (so queued requests and cached answers carry over), new ones made otherwise.
    /// </summary>
    private DeploymentSnapshot NewSnapshot(DeploymentSpec spec, IReadOnlyList<LoadedVariant> variants, ITrafficPolicy policy, DeploymentSnapshot? previous)
    {
        Dictionary<LoadedVariant, Batching.ModelBatcher>? batchers = null;
        foreach (var v in variants)
        {
            if (DeploymentSnapshot.EffectiveBatching(spec, v.Name) is not { } options) continue;
            batchers ??= [];
            batchers[v] = previous?.BatcherOf(v) is { } kept && kept.Options == options
                ? kept
                : new Batching.ModelBatcher(v.Served.Model, options, Metrics.BatchSeries(spec.Name, v.Version));
        }
        var cache = spec.Cache is null ? null
            : previous?.Cache is { } keptCache && keptCache.Options == spec.Cache ? keptCache
            : new Caching.PredictionCache(spec.Cache, Time);
        return new DeploymentSnapshot(spec, variants, policy, Interlocked.Increment(ref _generation), batchers, cache);
    }

    /// <summary>
    /// Disposes the batchers of <paramref name="old"/> that <paramref name="next"/> does not keep: they score what
    /// is already queued; a request that still reaches one afterwards is scored directly (see ModelBatcher.ScoreAsync).
    /// </summary>
    private static void RetireBatchers(DeploymentSnapshot old, DeploymentSnapshot? next)
    {
        foreach (var (_, batcher) in old.Batchers)
        {
            if (next is not null && next.Batchers.Any(b => ReferenceEquals(b.Value, batcher))) continue;
            _ = batcher.DisposeAsync().AsTask();
        }
    }

    private static string? ServingChanges(DeploymentSpec old, DeploymentSpec spec)
    {
        var changes = new List<string>();
        if (!spec.Variants.All(v => DeploymentSnapshot.EffectiveBatching(old, v.Name) == DeploymentSnapshot.EffectiveBatching(spec, v.Name)))
            changes.Add("batching changed");
        if (old.Cache != spec.Cache) changes.Add(spec.Cache is null ? "cache off" : old.Cache is null ? "cache on" : "cache changed");
        return changes.Count == 0 ? null : string.Join(", ", changes);
    }

    /// <summary>Updates the model-info and traffic-share series after a deployment changed.</summary>
    private void Published(Deployment deployment)
    {
        var snapshot = deployment.Current;
        var shares = snapshot.Policy.Shares;
        foreach (var v in snapshot.Variants)
        {
            Metrics.RecordModel(deployment.Name, v.Version, v.Served.Model.Format);
            _shares.WithLabels(deployment.Name, v.Name).Set(shares.GetValueOrDefault(v.Name));
        }
    }

    /// <summary>Disposes the models of <paramref name="old"/> that <paramref name="kept"/> does not reuse, after the grace period.</summary>
    private void Retire(IReadOnlyList<LoadedVariant> old, IReadOnlyList<LoadedVariant> kept)
    {
        var retired = old.Where(o => !kept.Any(k => ReferenceEquals(k, o))).ToArray();
        if (retired.Length == 0) return;
        var modelInfo = Metrics.Registry.Gauge(ServingMetrics.ModelInfo, "", "deployment", "version", "format");
        foreach (var v in retired)
            if (!kept.Any(k => k.Version == v.Version && k.Served.Model.Format == v.Served.Model.Format))
                modelInfo.WithLabels(v.Served.Name, v.Version, v.Served.Model.Format).Set(0);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(_options.RetiredModelGrace, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Host stopping: dispose now.
            }
            foreach (var v in retired) v.Served.Model.Dispose();
        });
    }

    private static void DisposeUnshared(IEnumerable<LoadedVariant> loaded, IReadOnlyList<LoadedVariant>? current)
    {
        foreach (var v in loaded)
            if (current is null || !current.Any(c => ReferenceEquals(c, v))) v.Served.Model.Dispose();
    }

    private static void CheckSpec(DeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        DeploymentJson.CheckName(spec.Name, "Deployment name");
        if (spec.Variants.Count == 0) throw GyreException.InvalidParameter($"Deployment '{spec.Name}' needs at least one variant.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in spec.Variants)
        {
            DeploymentJson.CheckName(v.Name, "Variant name");
            if (!seen.Add(v.Name)) throw GyreException.InvalidParameter($"Variant name '{v.Name}' appears twice.");
            if (string.IsNullOrWhiteSpace(v.ModelUri)) throw GyreException.InvalidParameter($"Variant '{v.Name}' needs a model_uri.");
            v.Batching?.Validate($"Variant '{v.Name}'");
        }
        spec.Batching?.Validate($"Deployment '{spec.Name}'");
        spec.Cache?.Validate($"Deployment '{spec.Name}'");
    }

    private static string[] VariantNames(DeploymentSpec spec) => spec.Variants.Select(v => v.Name).ToArray();

    private static string Describe(IEnumerable<LoadedVariant> variants) =>
        string.Join(", ", variants.Select(v => $"'{v.Name}' ({v.ModelUri}, version {v.Version})"));

    private static Dictionary<string, double> Versions(IEnumerable<LoadedVariant> variants)
    {
        var evidence = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var v in variants)
            if (double.TryParse(v.Version, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
                evidence[$"{v.Name}_version"] = number;
        return evidence;
    }
}
