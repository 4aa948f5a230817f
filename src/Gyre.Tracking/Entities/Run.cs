namespace Gyre.Tracking.Entities;

/// <summary>A run: its metadata, logged data, inputs and outputs (MLflow's <c>Run</c>).</summary>
public sealed record Run(RunInfo Info, RunData Data, RunInputs Inputs)
{
    /// <summary>The logged models the run produced (MLflow 3's <c>RunOutputs</c>).</summary>
    public RunOutputs Outputs { get; init; } = RunOutputs.Empty;
}

/// <summary>Run metadata. <see cref="RunUuid"/> is MLflow's deprecated alias of <see cref="RunId"/>.</summary>
public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    string UserId,
    RunStatus Status,
    long? StartTime,
    long? EndTime,
    string ArtifactUri,
    LifecycleStage LifecycleStage)
{
    public string RunUuid => RunId;
}

/// <summary>
/// The data logged to a run. <see cref="Metrics"/> holds the latest value per key (max step, then max
/// timestamp, then max value), as MLflow's GetRun does.
/// </summary>
public sealed record RunData(IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<RunTag> Tags)
{
    public static RunData Empty { get; } = new([], [], []);
}

/// <summary>The inputs a run consumed.</summary>
public sealed record RunInputs(IReadOnlyList<DatasetInput> DatasetInputs)
{
    /// <summary>The logged models the run consumed (MLflow 3's <c>ModelInput</c>s).</summary>
    public IReadOnlyList<ModelInput> ModelInputs { get; init; } = [];

    public static RunInputs Empty { get; } = new([]);
}

/// <summary>
/// One metric observation. Timestamp is epoch milliseconds. A metric that names a logged model
/// (<see cref="ModelId"/>, MLflow 3) is also linked to that model, with the dataset it was computed on.
/// </summary>
public readonly record struct Metric(string Key, double Value, long Timestamp, long Step)
{
    public string? ModelId { get; init; }
    public string? DatasetName { get; init; }
    public string? DatasetDigest { get; init; }
}

/// <summary>A metric observation with the run it belongs to (bulk history answers).</summary>
public sealed record MetricWithRunId(string RunId, string Key, double Value, long Timestamp, long Step);

/// <summary>An immutable run parameter.</summary>
public readonly record struct Param(string Key, string Value);

/// <summary>A mutable run tag.</summary>
public sealed record RunTag(string Key, string Value);
