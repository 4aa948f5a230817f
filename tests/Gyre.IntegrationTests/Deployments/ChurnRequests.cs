using System.Text;
using System.Text.Json;
using Gyre.Core.Testing;

namespace Gyre.IntegrationTests.Deployments;

/// <summary>The reference churn models (same 15 features) and single-row request bodies from their test data.</summary>
internal static class ChurnRequests
{
    public static readonly string Boosted = SharedData.PathOf("reference", "models", "onnx", "sklearn", "gradient_boosting_classifier_binary", "model.onnx");
    public static readonly string Logistic = SharedData.PathOf("reference", "models", "onnx", "sklearn", "logistic_regression_binary", "model.onnx");

    private static readonly string[] Bodies = Load();

    private static string[] Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("reference", "models", "onnx", "sklearn", "gradient_boosting_classifier_binary", "test_data.json")));
        var root = document.RootElement;
        var columns = root.GetProperty("feature_names").EnumerateArray().Select(f => f.GetString()!).ToArray();
        return root.GetProperty("inputs")[0].GetProperty("data").EnumerateArray().Take(50)
            .Select(row => JsonSerializer.Serialize(new { dataframe_split = new { columns, data = new[] { row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()) } } }))
            .ToArray();
    }

    public static StringContent Body(int i) => new(Bodies[i % Bodies.Length], Encoding.UTF8, "application/json");
}
