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
        string? format = null;
        var body = default(JsonElement);
        foreach (var candidate in Formats)
        {
            if (!root.TryGetProperty(candidate, out var value)) continue;
            if (format is not null)
                throw Malformed($"The request body must have only one of {string.Join(", ", Formats.Where(f => root.TryGetProperty(f, out _)))}.");
            format = candidate;
            body = value;
        }
        if (format is null) throw Malformed("The request body must have one of: dataframe_split, dataframe_records, instances, inputs.");
        return format switch
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
        string[]? columns = null;
        if (split.TryGetProperty("columns", out var names))
        {
            if (names.ValueKind != JsonValueKind.Array) throw Malformed("dataframe_split.columns must be an array of column names.");
            columns = ReadColumnNames(names);
        }
        // Scoring traffic is almost always numbers: read those straight into columns, without boxing.
        if (TryReadNumericColumns(data, columns?.Length, out var numbers))
            return new InputFrame(columns ?? PositionalNames(numbers.Length), numbers);

        var rows = new List<object?[]>(data.GetArrayLength());
        var r = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array) throw NotARow(r);
            var cells = new object?[row.GetArrayLength()];
            var c = 0;
            foreach (var cell in row.EnumerateArray()) cells[c] = Cell(cell, r, c++);
            rows.Add(cells);
            r++;
        }
        return new InputFrame(columns ?? PositionalNames(rows.Count == 0 ? 0 : rows[0].Length), rows);
    }

    // The column names of the last request: clients send the same ones every time, so comparing the
    // UTF-8 bytes and reusing the strings saves allocating them per request. Arrays are never mutated.
    private static string[] _lastColumns = [];

    private static string[] ReadColumnNames(JsonElement names)
    {
        var cached = Volatile.Read(ref _lastColumns);
        if (names.GetArrayLength() == cached.Length)
        {
            var same = true;
            var i = 0;
            foreach (var name in names.EnumerateArray())
            {
                if (name.ValueKind != JsonValueKind.String || !name.ValueEquals(cached[i++])) { same = false; break; }
            }
            if (same) return cached;
        }
        var columns = new string[names.GetArrayLength()];
        var c = 0;
        foreach (var name in names.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String) throw Malformed("dataframe_split.columns must be an array of column names.");
            columns[c++] = name.GetString()!;
        }
        Volatile.Write(ref _lastColumns, columns);
        return columns;
    }

    /// <summary>
    /// Reads rows of numbers, nulls and booleans into one array per column. Returns false, having thrown
    /// nothing, when a cell holds text: the general path handles mixed columns.
    /// </summary>
    private static bool TryReadNumericColumns(JsonElement data, int? columnCount, out double[][] numbers)
    {
        var rowCount = data.GetArrayLength();
        var width = columnCount ?? (rowCount > 0 && data[0].ValueKind == JsonValueKind.Array ? data[0].GetArrayLength() : 0);
        numbers = new double[width][];
        for (var c = 0; c < width; c++) numbers[c] = new double[rowCount];
        var r = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array) throw NotARow(r);
            var length = row.GetArrayLength();
            if (length != width) throw new GyreException(ErrorCode.BAD_REQUEST, $"Row {r} has {length} values but there are {width} columns.");
            var c = 0;
            foreach (var cell in row.EnumerateArray())
            {
                switch (cell.ValueKind)
                {
                    case JsonValueKind.Number: numbers[c][r] = cell.GetDouble(); break;
                    case JsonValueKind.Null: numbers[c][r] = double.NaN; break;
                    case JsonValueKind.True: numbers[c][r] = 1; break;
                    case JsonValueKind.False: numbers[c][r] = 0; break;
                    case JsonValueKind.String: return false;
                    default: throw BadCell(cell, r, c);
                }
                c++;
            }
            r++;
        }
        return true;
    }

    private static string[] PositionalNames(int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++) names[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return names;
    }

    private static GyreException NotARow(int r) => Malformed($"dataframe_split.data[{r}] must be an array of values.");

    private static GyreException BadCell(JsonElement value, int r, int c) =>
        Malformed($"dataframe_split.data[{r}][{c}] is {JsonTensorReader.Describe(value)}; cells must be numbers, text, booleans or null.");

    private static object? Cell(JsonElement value, int r, int c) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw BadCell(value, r, c),
    };

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
                cells[c] = RecordCell(property.Value, what, r, property.Name);
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

    private static object? RecordCell(JsonElement value, string what, int r, string column) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Malformed($"{what}[{r}].{column} is {JsonTensorReader.Describe(value)}; cells must be numbers, text, booleans or null."),
    };

    private static GyreException Malformed(string message) => new(ErrorCode.BAD_REQUEST, message);
}
