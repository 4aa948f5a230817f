using System.Text.Json;
using Gyre.Core.Testing;

namespace Gyre.Serving.Tests.Hosting;

/// <summary>A reference model's test inputs and the outputs its training framework produced.</summary>
internal sealed record ReferenceCase(string[] FeatureNames, double[][] Rows, Dictionary<string, JsonElement> Outputs)
{
    public static ReferenceCase Load(params string[] pathUnderModels)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(["reference", "models", .. pathUnderModels])));
        var root = document.RootElement;
        var features = root.GetProperty("feature_names").EnumerateArray().Select(f => f.GetString()!).ToArray();
        var rows = root.GetProperty("inputs")[0].GetProperty("data").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray()).ToArray();
        var outputs = root.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o.GetProperty("data").Clone());
        return new ReferenceCase(features, rows, outputs);
    }

    /// <summary>The first <paramref name="count"/> rows as an MLflow dataframe_split body.</summary>
    public string DataframeSplit(int count) => JsonSerializer.Serialize(new
    {
        dataframe_split = new { columns = FeatureNames, data = Rows.Take(count).Select(r => r.Select(v => double.IsNaN(v) ? (double?)null : v)) },
    });
}
