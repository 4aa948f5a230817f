using System.Net;
using System.Text;
using System.Text.Json;
using Gyre.Core.Testing;
using Gyre.Models.Abstractions;
using Gyre.Serving.Hosting;

namespace Gyre.Serving.Tests.Hosting;

public class MlflowDirectoryServingTests
{
    [Fact]
    public async Task AnMlflowXgboostDirectoryWithAColumnSignatureServesXgboostsPredictions()
    {
        var cancel = TestContext.Current.CancellationToken;
        var reference = ReferenceCase.Load("xgboost", "binary_logistic", "test_data.json");
        var model = ModelLoader.Default.Load(SharedData.PathOf("reference", "models", "mlflow", "xgboost_binary_logistic"));
        await using var server = await ScoringServer.StartAsync(new ServedModel("xgb", "1", model), new ScoringServerOptions { Port = 0 }, cancel);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.PostAsync("/invocations", new StringContent(reference.DataframeSplit(50), Encoding.UTF8, "application/json"), cancel);
        var text = await response.Content.ReadAsStringAsync(cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);

        var predictions = JsonDocument.Parse(text).RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.Object ? p.GetProperty("prediction") : p).Select(p => p.GetDouble()).ToArray();
        var expected = reference.Outputs["prediction"].EnumerateArray().Take(50).Select(p => p.GetDouble()).ToArray();
        Assert.Equal(50, predictions.Length);
        for (var i = 0; i < 50; i++) Assert.True(Math.Abs(predictions[i] - expected[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"row {i}");
    }
}
