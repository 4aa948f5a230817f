using System.Net;
using System.Text;
using System.Text.Json;
using Gyre.Core.Testing;
using Gyre.Models.Abstractions;
using Gyre.Serving.Hosting;

namespace Gyre.Serving.Tests.Hosting;

public sealed class ScoringServerTests(ScoringServerFixture fixture) : IClassFixture<ScoringServerFixture>
{
    private static readonly ReferenceCase Churn = ReferenceCase.Load("onnx", "sklearn", "gradient_boosting_classifier_binary", "test_data.json");
    private readonly HttpClient _http = fixture.Http;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string body, string contentType = "application/json")
    {
        using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType), Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task DataframeSplitReproducesScikitLearnsPredictions()
    {
        var (status, body) = await PostAsync("/invocations", Churn.DataframeSplit(200));

        Assert.Equal(HttpStatusCode.OK, status);
        var predictions = body.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(200, predictions.Length);
        var labels = Churn.Outputs["label"].EnumerateArray().Select(l => l.GetInt64()).ToArray();
        var probabilities = Churn.Outputs["probabilities"].EnumerateArray().Select(r => r.EnumerateArray().Select(p => p.GetDouble()).ToArray()).ToArray();
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(labels[i], predictions[i].GetProperty("label").GetInt64());
            var served = predictions[i].GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            for (var k = 0; k < 2; k++) Assert.True(Math.Abs(served[k] - probabilities[i][k]) <= 1e-5, $"row {i} class {k}: {served[k]} vs {probabilities[i][k]}");
        }
    }

    [Fact]
    public async Task EveryMlflowInputFormatScoresTheSame()
    {
        var rows = Churn.Rows.Take(3).ToArray();
        var records = JsonSerializer.Serialize(new { dataframe_records = rows.Select(r => Churn.FeatureNames.Zip(r).ToDictionary(p => p.First, p => p.Second)) });
        var instances = JsonSerializer.Serialize(new { instances = rows });
        var inputs = JsonSerializer.Serialize(new { inputs = new { input = rows } });
        var csv = string.Join(',', Churn.FeatureNames) + "\n" + string.Join("\n", rows.Select(r => string.Join(',', r.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));

        var expected = (await PostAsync("/invocations", Churn.DataframeSplit(3))).Body.GetProperty("predictions").GetRawText();
        foreach (var (body, type) in new[] { (records, "application/json"), (instances, "application/json"), (inputs, "application/json"), (csv, "text/csv") })
        {
            var (status, response) = await PostAsync("/invocations", body, type);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(expected, response.GetProperty("predictions").GetRawText());
        }
    }

    [Theory]
    [InlineData("{not json", "MALFORMED_REQUEST", "not valid JSON")]
    [InlineData("[1,2]", "BAD_REQUEST", "must be a JSON object")]
    [InlineData("{\"rows\":[]}", "BAD_REQUEST", "one of: dataframe_split")]
    [InlineData("{\"instances\":[[1,2]],\"inputs\":[[1,2]]}", "BAD_REQUEST", "only one of")]
    [InlineData("{\"dataframe_split\":{\"columns\":[\"a\",\"b\"],\"data\":[[1,2]]}}", "BAD_REQUEST", "takes 15 columns but the request has 2")]
    [InlineData("{\"instances\":[[1,2],[3]]}", "BAD_REQUEST", "not rectangular")]
    [InlineData("{\"inputs\":{\"other\":[[1]]}}", "BAD_REQUEST", "lacks the model's input 'input'")]
    public async Task MalformedRequestsGetA400ThatSaysWhatIsWrong(string body, string code, string message)
    {
        var (status, response) = await PostAsync("/invocations", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, response.GetProperty("error_code").GetString());
        Assert.Contains(message, response.GetProperty("message").GetString());
    }

    [Fact]
    public async Task TextInANumericColumnNamesTheColumnAndRow()
    {
        var row = Churn.Rows[0].Select(v => (object)v).ToArray();
        row[4] = "forty";
        var body = JsonSerializer.Serialize(new { dataframe_split = new { columns = Churn.FeatureNames, data = new[] { row } } });
        var (status, response) = await PostAsync("/invocations", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Column 'age' row 0 is the text \"forty\"", response.GetProperty("message").GetString());
    }

    [Fact]
    public async Task OversizedBatchesAreRefusedBeforeScoring()
    {
        var rows = Enumerable.Repeat(Churn.Rows[0], 1001).ToArray();
        var (status, response) = await PostAsync("/invocations", JsonSerializer.Serialize(new { instances = rows }));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("1001 rows; this server scores at most 1000", response.GetProperty("message").GetString());
    }

    [Fact]
    public async Task OpenInferenceProtocolInfersWithTypedTensors()
    {
        var flat = Churn.Rows.Take(2).SelectMany(r => r).ToArray();
        var request = JsonSerializer.Serialize(new
        {
            id = "req-1",
            inputs = new[] { new { name = "input", shape = new[] { 2, 15 }, datatype = "FP32", data = flat } },
            outputs = new[] { new { name = "label" } },
        });
        var (status, body) = await PostAsync("/v2/models/churn/infer", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("churn", body.GetProperty("model_name").GetString());
        Assert.Equal("7", body.GetProperty("model_version").GetString());
        Assert.Equal("req-1", body.GetProperty("id").GetString());
        var output = Assert.Single(body.GetProperty("outputs").EnumerateArray());
        Assert.Equal("label", output.GetProperty("name").GetString());
        Assert.Equal("INT64", output.GetProperty("datatype").GetString());
        Assert.Equal([2], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(Churn.Outputs["label"].EnumerateArray().Take(2).Select(l => l.GetInt64()), output.GetProperty("data").EnumerateArray().Select(l => l.GetInt64()));

        var versioned = await PostAsync("/v2/models/churn/versions/7/infer", request);
        Assert.Equal(HttpStatusCode.OK, versioned.Status);
    }

    [Fact]
    public async Task OpenInferenceErrorsAndMetadata()
    {
        var wrongCount = JsonSerializer.Serialize(new { inputs = new[] { new { name = "input", shape = new[] { 1, 15 }, datatype = "FP32", data = new double[14] } } });
        var (status, body) = await PostAsync("/v2/models/churn/infer", wrongCount);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("15 elements) but 14 data values", body.GetProperty("error").GetString());

        var unknown = await PostAsync("/v2/models/other/infer", wrongCount);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);

        var metadata = JsonDocument.Parse(await _http.GetStringAsync("/v2/models/churn", Cancel)).RootElement;
        Assert.Equal("onnx", metadata.GetProperty("platform").GetString());
        Assert.Equal("FP32", metadata.GetProperty("inputs")[0].GetProperty("datatype").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/v2/health/ready", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/v2/models/churn/ready", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/ping", Cancel)).StatusCode);
    }

    [Fact]
    public async Task MetricsCountRequestsByStatusAndPredictionsByClass()
    {
        await PostAsync("/invocations", Churn.DataframeSplit(10));
        await PostAsync("/invocations", "{bad");
        var text = await _http.GetStringAsync("/metrics", Cancel);

        Assert.Contains("# TYPE gyre_requests_total counter", text);
        Assert.Matches(@"gyre_requests_total\{deployment=""churn"",version=""7"",route=""/invocations"",code=""200""\} \d+", text);
        Assert.Matches(@"gyre_requests_total\{deployment=""churn"",version=""7"",route=""/invocations"",code=""400""\} \d+", text);
        Assert.Contains("gyre_request_duration_seconds_bucket{deployment=\"churn\",version=\"7\",route=\"/invocations\",le=\"+Inf\"}", text);
        Assert.Matches(@"gyre_predictions_total\{deployment=""churn"",version=""7"",class=""[01]""\} \d+", text);
        Assert.Contains("process_resident_memory_bytes", text);
    }
}
