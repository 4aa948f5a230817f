using Gyre.Models.Abstractions;
using Gyre.Monitoring.Metrics;
using Gyre.Tracking.Deployments;

namespace Gyre.Serving.Deployments;

/// <summary>What a <see cref="DeploymentHost"/> works with.</summary>
public sealed record DeploymentHostOptions
{
    /// <summary>Where deployments, events and policy checkpoints persist; null keeps them in memory only.</summary>
    public IDeploymentStore? Store { get; init; }

    /// <summary>Loads variants' models; default: paths only, through <see cref="ModelLoader.Default"/>.</summary>
    public IModelSource ModelSource { get; init; } = new ModelSource(ModelLoader.Default);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How often policies are evaluated in the background; zero or less: never (tests call EvaluateNowAsync).</summary>
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The metric registry /metrics exposes; null creates one with the process's own series.</summary>
    public MetricRegistry? Metrics { get; init; }

    /// <summary>The deployment <c>/invocations</c> serves; null: the only deployment, when there is exactly one.</summary>
    public string? DefaultDeployment { get; init; }

    /// <summary>Requests with more rows than this are refused with 400, before scoring.</summary>
    public int MaxBatchRows { get; init; } = 100_000;

    /// <summary>How long replaced models stay open for requests still in flight on them before they are disposed.</summary>
    public TimeSpan RetiredModelGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Events kept per deployment that is not persisted.</summary>
    public int MemoryEventLimit { get; init; } = 1000;
}
