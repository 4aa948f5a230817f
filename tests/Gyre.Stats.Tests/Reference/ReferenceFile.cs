using System.Globalization;
using System.Text.Json;
using Gyre.Core.Testing;

namespace Gyre.Stats.Tests.Reference;

/// <summary>One case of a reference file: the call's inputs and scipy/statsmodels' results.</summary>
public sealed record ReferenceCase(string Name, string Function, JsonElement Inputs, JsonElement Expected)
{
    public JsonElement In(string name) => Inputs.GetProperty(name);

    public JsonElement Out(string name) => Expected.GetProperty(name);

    public bool HasIn(string name) => Inputs.TryGetProperty(name, out _);

    public bool HasOut(string name) => Expected.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public double InDouble(string name) => ReferenceFile.ToDouble(In(name));

    public double[] InDoubles(string name) => ReferenceFile.ToDoubles(In(name));

    public double OutDouble(string name) => ReferenceFile.ToDouble(Out(name));

    public double[] OutDoubles(string name) => ReferenceFile.ToDoubles(Out(name));

    public string InString(string name) => In(name).GetString()!;
}

/// <summary>Loads /shared/reference/stats/*.json once per file.</summary>
public static class ReferenceFile
{
    private static readonly Dictionary<string, IReadOnlyDictionary<string, ReferenceCase>> Cache = new();

    public static IReadOnlyDictionary<string, ReferenceCase> Load(string file)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(file, out var cached)) return cached;
            var path = SharedData.PathOf("reference", "stats", file);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var cases = new Dictionary<string, ReferenceCase>();
            foreach (var c in doc.RootElement.EnumerateArray())
            {
                var name = c.GetProperty("name").GetString()!;
                cases.Add(name, new ReferenceCase(name, c.GetProperty("function").GetString()!,
                    c.GetProperty("inputs").Clone(), c.GetProperty("expected").Clone()));
            }
            Cache[file] = cases;
            return cases;
        }
    }

    public static TheoryData<string> Names(string file, IReadOnlyCollection<string>? excluded = null)
    {
        var data = new TheoryData<string>();
        foreach (var name in Load(file).Keys)
        {
            if (excluded is null || !excluded.Contains(name)) data.Add(name);
        }
        return data;
    }

    /// <summary>Numbers round-trip through the invariant culture; non-finite values are the strings "NaN", "Infinity", "-Infinity".</summary>
    public static double ToDouble(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => double.Parse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String => e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"not a number: {s}"),
        },
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => throw new FormatException($"not a number: {e.ValueKind}"),
    };

    public static double[] ToDoubles(JsonElement e)
    {
        var result = new double[e.GetArrayLength()];
        var i = 0;
        foreach (var item in e.EnumerateArray()) result[i++] = ToDouble(item);
        return result;
    }
}
