using Gyre.Server.Protocol.Messages;
using Gyre.Tracking.Entities;

namespace Gyre.Server.Protocol;

/// <summary>
/// Domain entities to wire messages, field for field as MLflow's <c>to_proto</c> methods fill them:
/// empty repeated fields are left unset (null) so that they are omitted, as in MLflow's JSON.
/// </summary>
public static class WireMapper
{
    public static WireExperiment ToWire(this Experiment e) => new()
    {
        ExperimentId = e.ExperimentId,
        Name = e.Name,
        ArtifactLocation = e.ArtifactLocation,
        LifecycleStage = e.LifecycleStage.ToMlflow(),
        LastUpdateTime = e.LastUpdateTime,
        CreationTime = e.CreationTime,
        Tags = KeyValues(e.Tags, t => t.Key, t => t.Value),
    };

    public static WireRun ToWire(this Run run) => new()
    {
        Info = run.Info.ToWire(),
        Data = new WireRunData
        {
            Metrics = run.Data.Metrics.Count == 0 ? null : run.Data.Metrics.Select(m => m.ToWire()).ToList(),
            Params = KeyValues(run.Data.Params, p => p.Key, p => p.Value),
            Tags = KeyValues(run.Data.Tags, t => t.Key, t => t.Value),
        },
        Inputs = new WireRunInputs
        {
            DatasetInputs = run.Inputs.DatasetInputs.Count == 0 ? null : run.Inputs.DatasetInputs.Select(ToWire).ToList(),
            ModelInputs = run.Inputs.ModelInputs.Count == 0 ? null : run.Inputs.ModelInputs.Select(m => new WireModelInput { ModelId = m.ModelId }).ToList(),
        },
        Outputs = new WireRunOutputs
        {
            ModelOutputs = run.Outputs.ModelOutputs.Count == 0
                ? null
                : run.Outputs.ModelOutputs.Select(m => new WireModelOutput { ModelId = m.ModelId, Step = m.Step }).ToList(),
        },
    };

    public static WireLoggedModel ToWire(this LoggedModel model) => new()
    {
        Info = new WireLoggedModelInfo
        {
            ModelId = model.Info.ModelId,
            ExperimentId = model.Info.ExperimentId,
            Name = model.Info.Name,
            CreationTimestampMs = model.Info.CreationTimestampMs,
            LastUpdatedTimestampMs = model.Info.LastUpdatedTimestampMs,
            ArtifactUri = model.Info.ArtifactLocation,
            Status = (WireLoggedModelStatus)(int)model.Info.Status,
            ModelType = model.Info.ModelType,
            SourceRunId = model.Info.SourceRunId,
            StatusMessage = model.Info.StatusMessage,
            Tags = KeyValues(model.Info.Tags, t => t.Key, t => t.Value),
        },
        Data = new WireLoggedModelData
        {
            Params = KeyValues(model.Data.Params, p => p.Key, p => p.Value),
            Metrics = model.Data.Metrics.Count == 0
                ? null
                : model.Data.Metrics.Select(m => new WireMetric
                {
                    Key = m.Key,
                    Value = m.Value,
                    Timestamp = m.Timestamp,
                    Step = m.Step,
                    DatasetName = m.DatasetName,
                    DatasetDigest = m.DatasetDigest,
                    ModelId = m.ModelId,
                    RunId = m.RunId,
                }).ToList(),
        },
    };

    public static WireRunInfo ToWire(this RunInfo info) => new()
    {
        RunId = info.RunId,
        RunUuid = info.RunUuid,
        RunName = info.RunName,
        ExperimentId = info.ExperimentId,
        UserId = info.UserId,
        Status = (WireRunStatus)(int)info.Status,
        StartTime = info.StartTime,
        EndTime = info.EndTime,
        ArtifactUri = info.ArtifactUri,
        LifecycleStage = info.LifecycleStage.ToMlflow(),
    };

    public static WireMetric ToWire(this Metric m) => new()
    {
        Key = m.Key,
        Value = m.Value,
        Timestamp = m.Timestamp,
        Step = m.Step,
    };

    public static WireMetricWithRunId ToWire(this MetricWithRunId m) => new()
    {
        Key = m.Key,
        Value = m.Value,
        Timestamp = m.Timestamp,
        Step = m.Step,
        RunId = m.RunId,
    };

    private static WireDatasetInput ToWire(DatasetInput input) => new()
    {
        Tags = KeyValues(input.Tags, t => t.Key, t => t.Value),
        Dataset = new WireDataset
        {
            Name = input.Dataset.Name,
            Digest = input.Dataset.Digest,
            SourceType = input.Dataset.SourceType,
            Source = input.Dataset.Source,
            Schema = input.Dataset.Schema,
            Profile = input.Dataset.Profile,
        },
    };

    public static WireRegisteredModel ToWire(this RegisteredModel m) => new()
    {
        Name = m.Name,
        CreationTimestamp = m.CreationTimestamp,
        LastUpdatedTimestamp = m.LastUpdatedTimestamp,
        Description = m.Description,
        LatestVersions = m.LatestVersions.Count == 0 ? null : m.LatestVersions.Select(v => v.ToWire()).ToList(),
        Tags = KeyValues(m.Tags, t => t.Key, t => t.Value),
        Aliases = m.Aliases.Count == 0 ? null : m.Aliases.Select(a => new WireRegisteredModelAlias { Alias = a.Alias, Version = a.Version }).ToList(),
    };

    public static WireModelVersion ToWire(this ModelVersion v) => new()
    {
        Name = v.Name,
        Version = v.Version,
        CreationTimestamp = v.CreationTimestamp,
        LastUpdatedTimestamp = v.LastUpdatedTimestamp,
        UserId = v.UserId,
        CurrentStage = v.CurrentStage,
        Description = v.Description,
        Source = v.Source,
        RunId = v.RunId,
        Status = (WireModelVersionStatus)(int)v.Status,
        StatusMessage = v.StatusMessage,
        Tags = KeyValues(v.Tags, t => t.Key, t => t.Value),
        RunLink = v.RunLink,
        Aliases = v.Aliases.Count == 0 ? null : v.Aliases.ToList(),
        ModelId = v.ModelId,
    };

    private static List<WireKeyValue>? KeyValues<T>(IReadOnlyList<T> items, Func<T, string> key, Func<T, string> value)
    {
        if (items.Count == 0) return null;
        var list = new List<WireKeyValue>(items.Count);
        foreach (var item in items) list.Add(new WireKeyValue { Key = key(item), Value = value(item) });
        return list;
    }
}
