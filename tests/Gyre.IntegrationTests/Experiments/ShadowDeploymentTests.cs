using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Gyre.Models.Abstractions;
using Gyre.Serving.Hosting;
using Gyre.Serving.Protocols;

namespace Gyre.IntegrationTests.Experiments;

/// <summary>A shadow deployment under concurrent HTTP load: callers only ever get the primary's answer.</summary>
public class ShadowDeploymentTests
{
    private const string Primary = "gradient_boosting_classifier_binary";
    private const string Candidate = "decision_tree_classifier_binary";

    /// <summary>The MLflow response body the model gives for this request body, scored in process without the server.</summary>
    private static string ScoreDirectly(ServedModel model, string body)
    {
        using var document = JsonDocument.Parse(body);
        var request = MlflowScoringParser.Parse(document.RootElement);
        var outputs = model.Model.Predict(ModelInputBinder.Bind(request, model.Signature));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) MlflowPredictionWriter.Write(json, outputs, model.Signature);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static long[] Labels(ServedModel model, string body)
    {
        using var document = JsonDocument.Parse(body);
        var outputs = model.Model.Predict(ModelInputBinder.Bind(MlflowScoringParser.Parse(document.RootElement), model.Signature));
        return outputs[model.LabelOutput!].As<long>();
    }

    [Fact]
    public async Task ShadowNeverChangesAResponseWhileTheMirrorIsScoredAndReported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExperimentServer.StartAsync(ct);
        await server.CreateAsync("churn-shadow", [("champion", Primary), ("challenger", Candidate)], "shadow",
            """{"report_interval_seconds": 0.2}""", ct);
        using var primary = ModelLoader.Default.Load(ExperimentServer.ModelPath(Primary));
        using var candidate = ModelLoader.Default.Load(ExperimentServer.ModelPath(Candidate));
        var primaryModel = new ServedModel("direct", "1", primary);
        var candidateModel = new ServedModel("direct", "1", candidate);

        // Every reference row alone, then multi-row batches: 200 + 20 requests, 8 at a time.
        var bodies = Enumerable.Range(0, ChurnRows.Count).Select(i => ChurnRows.Body(i))
            .Concat(Enumerable.Range(0, 20).Select(i => ChurnRows.Body(i * 10, 10))).ToArray();
        var mismatches = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, bodies.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) =>
            {
                var scored = await server.InvokeAsync("churn-shadow", bodies[i], token);
                if (scored.Variant != "champion") mismatches.Add($"request {i} answered by {scored.Variant}");
                if (scored.Body != ScoreDirectly(primaryModel, bodies[i])) mismatches.Add($"request {i}: {scored.Body}");
            });
        Assert.Empty(mismatches);

        // What the shadow must report, worked out here by scoring both models directly.
        var rows = 0;
        var agreeing = 0;
        foreach (var body in bodies)
        {
            var p = Labels(primaryModel, body);
            var c = Labels(candidateModel, body);
            rows += p.Length;
            agreeing += p.Zip(c).Count(pair => pair.First == pair.Second);
        }
        Assert.InRange(agreeing, 1, rows - 1); // the two models really differ on some rows

        var state = await ExperimentServer.EventuallyAsync(() => server.StateAsync("churn-shadow", ct),
            s => s.GetProperty("candidates").GetProperty("challenger").GetProperty("compared_requests").GetInt64() == bodies.Length,
            "every mirrored request to be paired", ct);
        var challenger = state.GetProperty("candidates").GetProperty("challenger");
        Assert.Equal(bodies.Length, challenger.GetProperty("mirrored_requests").GetInt64());
        Assert.Equal(0, challenger.GetProperty("mirror_errors").GetInt64());
        Assert.Equal(rows, challenger.GetProperty("compared_rows").GetInt64());
        Assert.Equal((double)agreeing / rows, challenger.GetProperty("agreement_rate").GetDouble(), 12);
        var test = challenger.GetProperty("paired_t_test");
        Assert.Equal("prediction", test.GetProperty("metric").GetString());
        Assert.Equal(rows, test.GetProperty("samples").GetInt32());
        Assert.True(test.GetProperty("p_value").GetDouble() is >= 0 and <= 1);
        Assert.Equal(bodies.Length, state.GetProperty("primary_requests").GetInt64());
        Assert.Equal(0, state.GetProperty("pending").GetInt32());

        var report = await ExperimentServer.EventuallyAsync(() => server.EventsAsync("churn-shadow", ct),
            events => events.Any(e => e.GetProperty("kind").GetString() == "shadow_report"
                                      && e.GetProperty("evidence").GetProperty("compared_requests").GetDouble() == bodies.Length),
            "a shadow_report covering every request", ct);
        var last = report.Last(e => e.GetProperty("kind").GetString() == "shadow_report");
        Assert.Equal("churn-shadow", last.GetProperty("deployment").GetString());
        Assert.Equal((double)agreeing / rows, last.GetProperty("evidence").GetProperty("agreement_rate").GetDouble(), 12);
        Assert.Equal(1.0, last.GetProperty("shares_after").GetProperty("champion").GetDouble());
        Assert.Contains("candidate 'challenger' vs primary 'champion'", last.GetProperty("reason").GetString());
    }
}
