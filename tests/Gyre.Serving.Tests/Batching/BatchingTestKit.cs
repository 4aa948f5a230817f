using System.Globalization;
using System.Text;
using System.Text.Json;
using Gyre.Core.Testing;
using Gyre.Serving.Tests.Hosting;

namespace Gyre.Serving.Tests.Batching;

/// <summary>Request bodies from the reference churn classifier's test data, and a reader of /metrics samples.</summary>
internal static class BatchingTestKit
{
    public static readonly string Boosted = SharedData.PathOf("reference", "models", "onnx", "sklearn", "gradient_boosting_classifier_binary", "model.onnx");
    public static readonly string Logistic = SharedData.PathOf("reference", "models", "onnx", "sklearn", "logistic_regression_binary", "model.onnx");
    public static readonly ReferenceCase Churn = ReferenceCase.Load("onnx", "sklearn", "gradient_boosting_classifier_binary", "test_data.json");

    /// <summary>An MLflow dataframe_split body of <paramref name="count"/> rows starting at row <paramref name="first"/>.</summary>
    public static string Split(int first, int count) => JsonSerializer.Serialize(new
    {
        dataframe_split = new
        {
            columns = Churn.FeatureNames,
            data = Enumerable.Range(first, count).Select(i => Churn.Rows[i % Churn.Rows.Length].Select(v => double.IsNaN(v) ? (double?)null : v)),
        },
    });

    /// <summary>An MLflow dataframe_records body of one row.</summary>
    public static string Records(int row) => JsonSerializer.Serialize(new
    {
        dataframe_records = new[] { Churn.FeatureNames.Zip(Churn.Rows[row % Churn.Rows.Length]).ToDictionary(p => p.First, p => double.IsNaN(p.Second) ? (double?)null : p.Second) },
    });

    /// <summary>An Open Inference Protocol body of <paramref name="count"/> rows as one FP32 tensor, optionally asking for some outputs only.</summary>
    public static string Infer(int first, int count, params string[] outputs) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["inputs"] = new[]
        {
            new
            {
                name = "input",
                shape = new[] { count, Churn.FeatureNames.Length },
                datatype = "FP32",
                data = Enumerable.Range(first, count).SelectMany(i => Churn.Rows[i % Churn.Rows.Length].Select(v => double.IsNaN(v) ? 0 : v)).ToArray(),
            },
        },
        ["outputs"] = outputs.Select(o => new { name = o }).ToArray(),
    }.Where(p => p.Key != "outputs" || outputs.Length > 0).ToDictionary(p => p.Key, p => p.Value));

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels contain every one of <paramref name="labels"/>.</summary>
    public static double Sample(string exposition, string metric, params string[] labels)
    {
        var total = 0.0;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal)) continue;
            var close = line.LastIndexOf('}');
            var labelText = line[(metric.Length + 1)..close];
            if (!labels.All(l => labelText.Contains(l, StringComparison.Ordinal))) continue;
            total += double.Parse(line[(close + 2)..], CultureInfo.InvariantCulture);
        }
        return total;
    }
}
