namespace Gyre.Server.Protocol.Messages;

// The entity messages of mlflow/protos/service.proto, field for field. Properties are serialized in
// snake_case; a null property (or an empty repeated field, which mappers leave null) is omitted, as
// MLflow omits unset proto fields. Grouped in one file as the proto groups them.

public sealed class WireExperiment
{
    public string? ExperimentId { get; set; }
    public string? Name { get; set; }
    public string? ArtifactLocation { get; set; }
    public string? LifecycleStage { get; set; }
    public long? LastUpdateTime { get; set; }
    public long? CreationTime { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
}

/// <summary>ExperimentTag, RunTag, Param, InputTag, RegisteredModelTag, ModelVersionTag: all {key, value}.</summary>
public sealed class WireKeyValue
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

public sealed class WireRun
{
    public WireRunInfo? Info { get; set; }
    public WireRunData? Data { get; set; }
    public WireRunInputs? Inputs { get; set; }
    public WireRunOutputs? Outputs { get; set; }
}

public sealed class WireRunInfo
{
    public string? RunId { get; set; }
    public string? RunUuid { get; set; }
    public string? RunName { get; set; }
    public string? ExperimentId { get; set; }
    public string? UserId { get; set; }
    public WireRunStatus? Status { get; set; }
    public long? StartTime { get; set; }
    public long? EndTime { get; set; }
    public string? ArtifactUri { get; set; }
    public string? LifecycleStage { get; set; }
}

public sealed class WireRunData
{
    public List<WireMetric>? Metrics { get; set; }
    public List<WireKeyValue>? Params { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
}

public sealed class WireMetric
{
    public string? Key { get; set; }
    public double? Value { get; set; }
    public long? Timestamp { get; set; }
    public long? Step { get; set; }
    public string? DatasetName { get; set; }
    public string? DatasetDigest { get; set; }
    public string? ModelId { get; set; }
    public string? RunId { get; set; }
}

public sealed class WireMetricWithRunId
{
    public string? Key { get; set; }
    public double? Value { get; set; }
    public long? Timestamp { get; set; }
    public long? Step { get; set; }
    public string? RunId { get; set; }
}

public sealed class WireRunInputs
{
    public List<WireDatasetInput>? DatasetInputs { get; set; }
    public List<WireModelInput>? ModelInputs { get; set; }
}

public sealed class WireDatasetInput
{
    public List<WireKeyValue>? Tags { get; set; }
    public WireDataset? Dataset { get; set; }
}

public sealed class WireDataset
{
    public string? Name { get; set; }
    public string? Digest { get; set; }
    public string? SourceType { get; set; }
    public string? Source { get; set; }
    public string? Schema { get; set; }
    public string? Profile { get; set; }
}

public sealed class WireModelInput
{
    public string? ModelId { get; set; }
}

public sealed class WireFileInfo
{
    public string? Path { get; set; }
    public bool? IsDir { get; set; }
    public long? FileSize { get; set; }
}
