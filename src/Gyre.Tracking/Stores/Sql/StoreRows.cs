namespace Gyre.Tracking.Stores;

// Row shapes read with Dapper (columns map by name, underscores ignored).

internal sealed class ExperimentRow
{
    public long ExperimentId { get; set; }
    public string Name { get; set; } = "";
    public string ArtifactLocation { get; set; } = "";
    public string LifecycleStage { get; set; } = "";
    public long? CreationTime { get; set; }
    public long? LastUpdateTime { get; set; }
}

internal sealed class RunRow
{
    public string RunUuid { get; set; } = "";
    public string Name { get; set; } = "";
    public long ExperimentId { get; set; }
    public string UserId { get; set; } = "";
    public string Status { get; set; } = "";
    public long? StartTime { get; set; }
    public long? EndTime { get; set; }
    public string LifecycleStage { get; set; } = "";
    public string ArtifactUri { get; set; } = "";
}

internal sealed class OwnedKeyValueRow
{
    public string Owner { get; set; } = "";
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

internal sealed class MetricRow
{
    public string RunUuid { get; set; } = "";
    public string Key { get; set; } = "";
    public double Value { get; set; }
    public long Timestamp { get; set; }
    public long Step { get; set; }
    public long IsNan { get; set; }
}

internal sealed class InputRow
{
    public string InputUuid { get; set; } = "";
    public string RunUuid { get; set; } = "";
    public string Name { get; set; } = "";
    public string Digest { get; set; } = "";
    public string DatasetSourceType { get; set; } = "";
    public string DatasetSource { get; set; } = "";
    public string? DatasetSchema { get; set; }
    public string? DatasetProfile { get; set; }
}

internal sealed class RegisteredModelRow
{
    public string Name { get; set; } = "";
    public long CreationTime { get; set; }
    public long LastUpdatedTime { get; set; }
    public string? Description { get; set; }
}

internal sealed class ModelVersionRow
{
    public string Name { get; set; } = "";
    public long Version { get; set; }
    public long CreationTime { get; set; }
    public long LastUpdatedTime { get; set; }
    public string? Description { get; set; }
    public string? UserId { get; set; }
    public string CurrentStage { get; set; } = "";
    public string Source { get; set; } = "";
    public string? RunId { get; set; }
    public string? RunLink { get; set; }
    public string Status { get; set; } = "";
    public string? StatusMessage { get; set; }
    public string? ModelId { get; set; }
    public string? StorageLocation { get; set; }
}

internal sealed class VersionKeyValueRow
{
    public string Name { get; set; } = "";
    public long Version { get; set; }
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

internal sealed class AliasRow
{
    public string Name { get; set; } = "";
    public string Alias { get; set; } = "";
    public long Version { get; set; }
}

internal sealed class NameVersionRow
{
    public string Name { get; set; } = "";
    public long Version { get; set; }
}

internal sealed class LoggedModelRow
{
    public string ModelId { get; set; } = "";
    public long ExperimentId { get; set; }
    public string Name { get; set; } = "";
    public string ArtifactLocation { get; set; } = "";
    public long CreationTimestampMs { get; set; }
    public long LastUpdatedTimestampMs { get; set; }
    public string Status { get; set; } = "";
    public string? StatusMessage { get; set; }
    public string LifecycleStage { get; set; } = "";
    public string? ModelType { get; set; }
    public string? SourceRunId { get; set; }
}

internal sealed class LoggedModelMetricRow
{
    public string ModelId { get; set; } = "";
    public string Key { get; set; } = "";
    public double Value { get; set; }
    public long Timestamp { get; set; }
    public long Step { get; set; }
    public int IsNan { get; set; }
    public string RunId { get; set; } = "";
    public string DatasetName { get; set; } = "";
    public string DatasetDigest { get; set; } = "";
}

internal sealed class RunModelLinkRow
{
    public string RunUuid { get; set; } = "";
    public string Direction { get; set; } = "";
    public string ModelId { get; set; } = "";
    public long Step { get; set; }
}
