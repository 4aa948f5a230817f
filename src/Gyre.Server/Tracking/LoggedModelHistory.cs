using System.Text.Json;
using System.Text.Json.Nodes;
using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Stores;

namespace Gyre.Server.Tracking;

/// <summary>
/// MLflow's LogModel: appends the model's summary (run_id, artifact_path, utc_time_created, model_uuid and
/// flavors without their 'config') to the run tag <c>mlflow.log-model.history</c>, a JSON list.
/// </summary>
public static class LoggedModelHistory
{
    public const string TagKey = "mlflow.log-model.history";

    private static readonly string[] RequiredFields = ["artifact_path", "flavors", "utc_time_created", "run_id"];
    private static readonly string[] KeptFields = ["run_id", "utc_time_created", "artifact_path", "model_uuid"];

    public static async Task RecordAsync(ITrackingStore store, string runId, string modelJson, CancellationToken ct)
    {
        JsonObject model;
        try
        {
            model = JsonNode.Parse(modelJson) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw GyreException.InvalidParameter($"Malformed model info. \n {modelJson} \n is not a valid JSON.");
        }
        var missing = RequiredFields.Where(f => !model.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            throw GyreException.InvalidParameter($"Model json is missing mandatory fields: {{{string.Join(", ", missing.Select(f => $"'{f}'"))}}}");

        var summary = new JsonObject();
        foreach (var field in KeptFields)
            if (model[field] is { } value) summary[field] = value.DeepClone();
        var flavors = new JsonObject();
        if (model["flavors"] is JsonObject given)
        {
            foreach (var (name, config) in given)
            {
                if (config is JsonObject settings)
                {
                    var kept = new JsonObject();
                    foreach (var (k, v) in settings)
                        if (k != "config") kept[k] = v?.DeepClone();
                    flavors[name] = kept;
                }
                else
                {
                    flavors[name] = config?.DeepClone();
                }
            }
        }
        summary["flavors"] = flavors;

        var run = await store.GetRunAsync(runId, ct);
        var history = new JsonArray();
        var previous = run.Data.Tags.FirstOrDefault(t => t.Key == TagKey);
        if (previous is not null && TryParseArray(previous.Value) is { } existing)
            foreach (var item in existing) history.Add(item?.DeepClone());
        history.Add(summary);
        await store.SetTagAsync(runId, new RunTag(TagKey, history.ToJsonString()), ct);
    }

    private static JsonArray? TryParseArray(string value)
    {
        try
        {
            return JsonNode.Parse(value) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
