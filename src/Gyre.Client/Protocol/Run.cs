namespace Gyre.Client.Protocol;

/// <summary>MLflow's <c>Run</c>: its info and the data logged to it.</summary>
public sealed record Run
{
    public required RunInfo Info { get; init; }
    public RunData Data { get; init => field = value ?? new(); } = new();

    /// <summary>The logged models the run produced (MLflow 3's <c>RunOutputs</c>).</summary>
    public RunOutputs Outputs { get; init => field = value ?? new(); } = new();

    /// <summary>The latest value of each metric, by key.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, double> LatestMetrics => Data.Metrics.GroupBy(m => m.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, string> Params => Data.Params.ToDictionary(p => p.Key, p => p.Value);

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, string> Tags => Data.Tags.ToDictionary(t => t.Key, t => t.Value);
}

/// <summary>MLflow's <c>RunInfo</c>.</summary>
public sealed record RunInfo
{
    public required string RunId { get; init; }
    public string? RunUuid { get; init; }
    public string? RunName { get; init; }
    public required string ExperimentId { get; init; }
    public string? UserId { get; init; }
    public RunStatus Status { get; init; }
    public long? StartTime { get; init; }
    public long? EndTime { get; init; }
    public string? ArtifactUri { get; init; }

    /// <summary>"active" or "deleted".</summary>
    public string? LifecycleStage { get; init; }
}

/// <summary>MLflow's <c>RunData</c>: latest metrics, params and tags.</summary>
public sealed record RunData
{
    public IReadOnlyList<Metric> Metrics { get; init => field = value ?? []; } = [];
    public IReadOnlyList<Param> Params { get; init => field = value ?? []; } = [];
    public IReadOnlyList<Tag> Tags { get; init => field = value ?? []; } = [];
}

/// <summary>MLflow 3's <c>RunOutputs</c>: the logged models a run produced, with the step each was logged at.</summary>
public sealed record RunOutputs
{
    public IReadOnlyList<ModelOutput> ModelOutputs { get; init => field = value ?? []; } = [];
}
