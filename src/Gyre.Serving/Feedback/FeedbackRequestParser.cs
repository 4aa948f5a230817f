using System.Text.Json;
using Gyre.Core.Errors;

namespace Gyre.Serving.Feedback;

/// <summary>
/// Reads the body of <c>POST /api/gyre/feedback</c>: one object <c>{"request_id": "...", "reward": 1.0,
/// "label": "1", "deployment": "..."}</c> or a batch <c>{"feedback": [ ... ]}</c>. Every error names the item
/// and the field; nothing is applied unless the whole body reads.
/// </summary>
public static class FeedbackRequestParser
{
    private static readonly string[] Fields = ["request_id", "reward", "label", "deployment"];

    /// <summary>The items of the body, and whether it was a batch.</summary>
    public static (IReadOnlyList<FeedbackItem> Items, bool Batch) Parse(JsonElement root, int maxBatch)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Malformed($"The feedback body must be a JSON object ({{\"request_id\": ..., \"reward\": ...}} or {{\"feedback\": [...]}}), got {root.ValueKind}.");
        if (!root.TryGetProperty("feedback", out var batch)) return ([ReadItem(root, null)], false);

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != "feedback")
                throw Malformed($"A feedback batch holds only \"feedback\": [...]; unexpected field '{property.Name}'.");
        }
        if (batch.ValueKind != JsonValueKind.Array) throw Malformed($"\"feedback\" must be an array of feedback objects, got {batch.ValueKind}.");
        var count = batch.GetArrayLength();
        if (count == 0) throw Malformed("\"feedback\" is empty; send at least one item.");
        if (count > maxBatch) throw Malformed($"\"feedback\" has {count} items; at most {maxBatch} are taken in one request.");
        var items = new FeedbackItem[count];
        var index = 0;
        foreach (var item in batch.EnumerateArray())
        {
            items[index] = ReadItem(item, index);
            index++;
        }
        return (items, true);
    }

    private static FeedbackItem ReadItem(JsonElement item, int? index)
    {
        var where = index is { } i ? $"feedback[{i}]" : "the feedback";
        if (item.ValueKind != JsonValueKind.Object) throw Malformed($"{where} must be a JSON object, got {item.ValueKind}.");
        foreach (var property in item.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
                throw Malformed($"{where} has unknown field '{property.Name}'; fields: {string.Join(", ", Fields)}.");
        }

        if (!item.TryGetProperty("request_id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
            throw Malformed($"{where} needs \"request_id\": a non-empty string (the x-gyre-request-id of the scored request).");

        double? reward = null;
        if (item.TryGetProperty("reward", out var rewardValue) && rewardValue.ValueKind != JsonValueKind.Null)
        {
            if (rewardValue.ValueKind != JsonValueKind.Number || !rewardValue.TryGetDouble(out var number) || !double.IsFinite(number))
                throw Invalid($"{where} has \"reward\": {rewardValue.GetRawText()}; a reward must be a finite number.");
            reward = number;
        }

        string? label = null;
        if (item.TryGetProperty("label", out var labelValue) && labelValue.ValueKind != JsonValueKind.Null)
        {
            label = labelValue.ValueKind switch
            {
                JsonValueKind.String => labelValue.GetString(),
                JsonValueKind.Number => labelValue.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw Invalid($"{where} has \"label\": {labelValue.GetRawText()}; a label must be a string, a number or a boolean."),
            };
        }

        string? deployment = null;
        if (item.TryGetProperty("deployment", out var deploymentValue) && deploymentValue.ValueKind != JsonValueKind.Null)
        {
            if (deploymentValue.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(deploymentValue.GetString()))
                throw Malformed($"{where} has \"deployment\": {deploymentValue.GetRawText()}; it must be a deployment name.");
            deployment = deploymentValue.GetString();
        }

        if (reward is null && label is null)
            throw Malformed($"{where} for request '{id.GetString()}' has neither \"reward\" nor \"label\"; send at least one.");
        return new FeedbackItem(id.GetString()!, reward, label, deployment);
    }

    private static GyreException Malformed(string message) => new(ErrorCode.MALFORMED_REQUEST, message);

    private static GyreException Invalid(string message) => GyreException.InvalidParameter(message);
}
