using Gyre.Core.Data;

namespace Gyre.Serving.PredictionLog;

/// <summary>Reads the prediction log back: for drift windows, feedback joins and audits.</summary>
public static class PredictionLogReader
{
    /// <summary>The log's files, oldest first (their names sort by time, then sequence).</summary>
    public static IReadOnlyList<string> LogFiles(string directory) =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetFiles(directory, "predictions-*.jsonl").OrderBy(Path.GetFileName, StringComparer.Ordinal).ToArray()
            : [];

    public static IEnumerable<PredictionRecord> Read(string directory, string? deployment = null, DateTimeOffset? since = null)
    {
        foreach (var path in LogFiles(directory))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0) continue;
                PredictionRecord record;
                try
                {
                    record = PredictionLogFormat.Read(System.Text.Encoding.UTF8.GetBytes(line));
                }
                catch (System.Text.Json.JsonException)
                {
                    continue; // a line cut short by a crash: skip it, keep the rest
                }
                if (deployment is not null && record.Deployment != deployment) continue;
                if (since is not null && record.Timestamp < since) continue;
                yield return record;
            }
        }
    }

    /// <summary>
    /// The records' inputs (and outputs, prefixed "output.") as a table, for drift detection against
    /// the model's reference data. A column is numeric when all its present values are numbers.
    /// </summary>
    public static DataFrame ToDataFrame(IReadOnlyList<PredictionRecord> records, bool includeOutputs = true)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            foreach (var key in record.Inputs.Keys) if (seen.Add(key)) names.Add(key);
            if (!includeOutputs) continue;
            foreach (var key in record.Outputs.Keys) if (seen.Add("output." + key)) names.Add("output." + key);
        }
        var columns = new List<Column>(names.Count);
        foreach (var name in names)
        {
            var isOutput = name.StartsWith("output.", StringComparison.Ordinal) && !records.Any(r => r.Inputs.ContainsKey(name));
            object? ValueOf(PredictionRecord r) =>
                (isOutput ? r.Outputs.GetValueOrDefault(name["output.".Length..]) : r.Inputs.GetValueOrDefault(name));
            var values = records.Select(ValueOf).ToArray();
            if (values.All(v => v is null or double))
                columns.Add(new DoubleColumn(name, values.Select(v => v is double d ? d : double.NaN).ToArray()));
            else
                columns.Add(new StringColumn(name, values.Select(v => v is null ? null : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
        }
        return new DataFrame(columns);
    }
}
