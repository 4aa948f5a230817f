using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gyre.Core.Errors;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.LoggedModels;

/// <summary>
/// Page tokens of logged-model search, as MLflow makes them: base64 JSON holding the search's experiment ids,
/// filter and order_by with the offset, so that a token is only accepted by the search that issued it.
/// </summary>
public static class LoggedModelPageToken
{
    public static string Create(IReadOnlyList<string> experimentIds, string? filter, IReadOnlyList<LoggedModelOrderBy>? orderBy, long offset)
    {
        var json = new JsonObject
        {
            ["experiment_ids"] = new JsonArray(experimentIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
            ["filter_string"] = filter,
            ["order_by"] = OrderByJson(orderBy),
            ["offset"] = offset,
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    /// <summary>The offset of a token issued for this very search; 0 without a token.</summary>
    public static long ParseOffset(string? token, IReadOnlyList<string> experimentIds, string? filter, IReadOnlyList<LoggedModelOrderBy>? orderBy)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(Convert.FromBase64String(token)) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw GyreException.InvalidParameter($"Invalid page token: '{token}'");
        }
        if (json is null || json["offset"] is not JsonValue offsetValue || !offsetValue.TryGetValue<long>(out var offset) || offset < 0)
            throw GyreException.InvalidParameter($"Invalid page token: '{token}'");
        var tokenIds = (json["experiment_ids"] as JsonArray)?.Select(n => n?.ToString()).ToList() ?? [];
        // MLflow's messages: "Expected" is the request, "Found" the token.
        if (!tokenIds.SequenceEqual(experimentIds))
            throw GyreException.InvalidParameter(
                $"Experiment IDs in the page token do not match the requested experiment IDs. Expected: {PyList(experimentIds)}. Found: {PyList(tokenIds)}");
        var tokenFilter = json["filter_string"]?.ToString();
        if (tokenFilter != filter)
            throw GyreException.InvalidParameter(
                $"Filter string in the page token does not match the requested filter string. Expected: {filter ?? "None"}. Found: {tokenFilter ?? "None"}");
        if (!JsonNode.DeepEquals(json["order_by"], OrderByJson(orderBy)))
            throw GyreException.InvalidParameter(
                $"Order by in the page token does not match the requested order by. Expected: {OrderByJson(orderBy)?.ToJsonString() ?? "None"}. Found: {json["order_by"]?.ToJsonString() ?? "None"}");
        return offset;
    }

    private static string PyList(IEnumerable<string?> items) => "[" + string.Join(", ", items.Select(i => $"'{i}'")) + "]";

    private static JsonArray? OrderByJson(IReadOnlyList<LoggedModelOrderBy>? orderBy) =>
        orderBy is null || orderBy.Count == 0
            ? null
            : new JsonArray(orderBy.Select(o => (JsonNode?)new JsonObject
            {
                ["field_name"] = o.FieldName,
                ["ascending"] = o.Ascending,
                ["dataset_name"] = o.DatasetName,
                ["dataset_digest"] = o.DatasetDigest,
            }).ToArray());
}
