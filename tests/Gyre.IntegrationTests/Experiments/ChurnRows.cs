using System.Text.Json;
using Gyre.Core.Testing;

namespace Gyre.IntegrationTests.Experiments;

/// <summary>The churn test rows the reference classifiers were checked on, as MLflow request bodies.</summary>
internal static class ChurnRows
{
    private static readonly Lazy<(string[] Columns, double[][] Rows)> Data = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(
            "reference", "models", "onnx", "sklearn", "gradient_boosting_classifier_binary", "test_data.json")));
        var root = document.RootElement;
        var columns = root.GetProperty("feature_names").EnumerateArray().Select(f => f.GetString()!).ToArray();
        var rows = root.GetProperty("inputs")[0].GetProperty("data").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return (columns, rows);
    });

    public static int Count => Data.Value.Rows.Length;

    /// <summary>Rows [from, from + count) as a dataframe_split body.</summary>
    public static string Body(int from, int count = 1) => JsonSerializer.Serialize(new
    {
        dataframe_split = new { columns = Data.Value.Columns, data = Data.Value.Rows.Skip(from).Take(count) },
    });
}
