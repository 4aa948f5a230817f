using System.Text.Json;
using Gyre.Core.Errors;

namespace Gyre.Serving.Protocols;

/// <summary>
/// Parses MLflow's scoring protocol (<c>POST /invocations</c>, application/json): exactly one of
/// dataframe_split, dataframe_records, instances or inputs, plus optional params.
/// </summary>
public static class MlflowScoringParser
{
    private static readonly string[] Formats = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    public static ScoringRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Malformed("The request body must be a JSON object with one of: dataframe_split, dataframe_records, instances, inputs.");
        var present = Formats.Where(f => root.TryGetProperty(f, out _)).ToArray();
        if (present.Length != 1)
            throw Malformed(present.Length == 0
                ? "The request body must have one of: dataframe_split, dataframe_records, instances, inputs."
                : $"The request body must have only one of {string.Join(", ", present)}.");
        var body = root.GetProperty(present[0]);
        return present[0] switch
        {
            "dataframe_split" => new ScoringRequest(ParseSplit(body), null, null),
            "dataframe_records" => new ScoringRequest(ParseRecords(body, "dataframe_records"), null, null),
            "instances" => ParseInstances(body),
            _ => ParseInputs(body),
        };
    }

    private static InputFrame ParseSplit(JsonElement split)
    {
        if (split.ValueKind != JsonValueKind.Object) throw Malformed("dataframe_split must be an object with columns and data.");
        if (!split.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw Malformed("dataframe_split needs a data array (a list of rows).");
        var rows = new List<object?[]>(data.GetArrayLength());
        var r = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array) throw Malformed($"dataframe_split.data[{r}] must be an array of values.");
            var cells = new object?[row.GetArrayLength()];
            var c = 0;
            foreach (var cell in row.EnumerateArray()) cells[c++] = Cell(cell, $"dataframe_split.data[{r}][{c - 1}]");
            rows.Add(cells);
            r++;
        }
        string[] columns;
        if (split.TryGetProperty("columns", out var names))
        {
            if (names.ValueKind != JsonValueKind.Array || names.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.String))
                throw Malformed("dataframe_split.columns must be an array of column names.");
            columns = names.EnumerateArray().Select(n => n.GetString()!).ToArray();
        }
        else
        {
            columns = Enumerable.Range(0, rows.Count == 0 ? 0 : rows[0].Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        return new InputFrame(columns, rows);
    }

    private static InputFrame ParseRecords(JsonElement records, string what)
    {
        if (records.ValueKind != JsonValueKind.Array) throw Malformed($"{what} must be an array of objects.");
        var columns = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = new List<Dictionary<int, object?>>();
        var r = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object) throw Malformed($"{what}[{r}] must be an object of column: value.");
            var cells = new Dictionary<int, object?>();
            foreach (var property in record.EnumerateObject())
            {
                if (!index.TryGetValue(property.Name, out var c))
                {
                    c = columns.Count;
                    index[property.Name] = c;
                    columns.Add(property.Name);
                }
                cells[c] = Cell(property.Value, $"{what}[{r}].{property.Name}");
            }
            parsed.Add(cells);
            r++;
        }
        var rows = parsed.Select(cells =>
        {
            var row = new object?[columns.Count];
            foreach (var (c, value) in cells) row[c] = value;
            return row;
        }).ToList();
        return new InputFrame(columns, rows);
    }

    private static ScoringRequest ParseInstances(JsonElement instances)
    {
        if (instances.ValueKind != JsonValueKind.Array) throw Malformed("instances must be an array.");
        if (instances.GetArrayLength() > 0 && instances[0].ValueKind == JsonValueKind.Object)
        {
            // A list of objects: records, unless every value is an array (tensors per input, row by row).
            return new ScoringRequest(ParseRecords(instances, "instances"), null, null);
        }
        return new ScoringRequest(null, null, [JsonTensorReader.Read(instances, "instances")]);
    }

    private static ScoringRequest ParseInputs(JsonElement inputs)
    {
        if (inputs.ValueKind == JsonValueKind.Array)
            return new ScoringRequest(null, null, [JsonTensorReader.Read(inputs, "inputs")]);
        if (inputs.ValueKind != JsonValueKind.Object) throw Malformed("inputs must be an array (one tensor) or an object of name: array.");
        var tensors = new Dictionary<string, Gyre.Models.Abstractions.Tensor>(StringComparer.Ordinal);
        foreach (var property in inputs.EnumerateObject())
            tensors[property.Name] = JsonTensorReader.Read(property.Value, $"inputs.{property.Name}");
        return new ScoringRequest(null, tensors, null);
    }

    private static object? Cell(JsonElement value, string where) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Malformed($"{where} is {JsonTensorReader.Describe(value)}; cells must be numbers, text, booleans or null."),
    };

    private static GyreException Malformed(string message) => new(ErrorCode.BAD_REQUEST, message);
}
