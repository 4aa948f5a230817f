using System.Collections.Concurrent;
using System.Net;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Serving.Batching;
using Gyre.Serving.Caching;
using Gyre.Serving.Deployments;
using Gyre.Serving.Hosting;
using static Gyre.Serving.Tests.Batching.BatchingTestKit;

namespace Gyre.Serving.Tests.Batching;

/// <summary>
/// Dynamic batching through the real scoring server: concurrent requests to a batching deployment share model
/// calls, and each caller gets byte for byte what an unbatched deployment of the same model answers.
/// </summary>
public sealed class BatchedScoringTests
{
    private static readonly BatchingOptions Batching = new() { MaxBatchSize = 64, MaxQueueDelay = TimeSpan.FromMilliseconds(20) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(DeploymentHost Host, ScoringServer Server, HttpClient Http)> StartAsync(params (string Name, IModel Model, BatchingOptions? Batching)[] deployments)
    {
        var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        foreach (var (name, model, batching) in deployments) host.AddEphemeral(name, new ServedModel(name, "1", model), name, batching);
        var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, ownsHost: true, Ct);
        return (host, server, new HttpClient { BaseAddress = server.Address });
    }

    private static async Task<(HttpStatusCode Status, byte[] Body)> PostAsync(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync(path, Json(body), Ct);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    /// <summary>Sends every body at once (all in flight together), returning the answers in order.</summary>
    private static Task<(HttpStatusCode Status, byte[] Body)[]> BurstAsync(HttpClient http, IReadOnlyList<(string Path, string Body)> requests)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = requests.Select(r => Task.Run(async () =>
        {
            await start.Task;
            return await PostAsync(http, r.Path, r.Body);
        }, Ct)).ToArray();
        start.SetResult();
        return Task.WhenAll(tasks);
    }

    [Theory]
    [InlineData("gradient_boosting_classifier_binary")]
    [InlineData("logistic_regression_binary")]
    public async Task Concurrent_requests_share_model_calls_and_each_gets_exactly_its_unbatched_answer(string model)
    {
        var path = model == "logistic_regression_binary" ? Logistic : Boosted;
        var (host, server, http) = await StartAsync(("plain", ModelLoader.Default.Load(path), null), ("batched", ModelLoader.Default.Load(path), Batching));
        await using var _ = server;
        using var __ = http;

        // Single rows in three MLflow formats, multi-row requests, and OIP requests (all outputs, or the label only).
        var bodies = new List<(string Route, string Body)>();
        for (var i = 0; i < 48; i++)
        {
            bodies.Add(("invocations", i % 3 == 0 ? Records(i) : i % 5 == 0 ? Split(i, 3) : Split(i, 1)));
            bodies.Add(("infer", i % 4 == 0 ? Infer(i, 1, "label") : Infer(i, i % 7 == 0 ? 2 : 1)));
        }
        string PathOf(string deployment, string route) => route == "invocations" ? $"/deployments/{deployment}/invocations" : $"/v2/models/{deployment}/infer";

        var expected = new List<byte[]>();
        foreach (var (route, body) in bodies)
        {
            var (status, bytes) = await PostAsync(http, PathOf("plain", route), body);
            Assert.Equal(HttpStatusCode.OK, status);
            expected.Add(bytes);
        }
        for (var round = 0; round < 3; round++)
        {
            var answers = await BurstAsync(http, bodies.Select(b => (PathOf("batched", b.Route), b.Body)).ToArray());
            for (var i = 0; i < answers.Length; i++)
            {
                Assert.Equal(HttpStatusCode.OK, answers[i].Status);
                // OIP answers name the deployment; everything else must be the same bytes.
                var body = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(answers[i].Body)
                    .Replace("\"model_name\":\"batched\"", "\"model_name\":\"plain\"", StringComparison.Ordinal));
                Assert.True(expected[i].AsSpan().SequenceEqual(body),
                    $"request {i} ({bodies[i].Route}): batched answer differs from unbatched:\n{System.Text.Encoding.UTF8.GetString(answers[i].Body)}\nvs\n{System.Text.Encoding.UTF8.GetString(expected[i])}");
            }
        }

        var metrics = await http.GetStringAsync("/metrics", Ct);
        var calls = Sample(metrics, "gyre_batch_size_count", "deployment=\"batched\"");
        var requests = Sample(metrics, "gyre_batch_size_sum", "deployment=\"batched\"");
        Assert.Equal(3 * bodies.Count, requests);
        Assert.True(calls < requests, $"{requests} requests took {calls} model calls: nothing was batched");
        Assert.True(Sample(metrics, "gyre_batch_size_bucket", "deployment=\"batched\"", "le=\"1\"") < calls, "no model call merged more than one request");
        Assert.True(Sample(metrics, "gyre_batch_queue_delay_seconds_count", "deployment=\"batched\"") > 0);
        // RED metrics still count each request, and rows once each.
        Assert.Equal(3 * bodies.Count, Sample(metrics, "gyre_requests_total", "deployment=\"batched\"", "code=\"200\""));
        Assert.Equal(Sample(metrics, "gyre_rows_scored_total", "deployment=\"plain\"") * 3, Sample(metrics, "gyre_rows_scored_total", "deployment=\"batched\""));
        Assert.Equal(0, Sample(metrics, "gyre_batch_size_count", "deployment=\"plain\""));
    }

    [Fact]
    public async Task Requests_asking_for_different_outputs_are_not_merged_and_each_gets_its_own_outputs()
    {
        var (host, server, http) = await StartAsync(("batched", ModelLoader.Default.Load(Boosted), Batching));
        await using var _ = server;
        using var __ = http;
        var requests = Enumerable.Range(0, 40).Select(i => ("/v2/models/batched/infer", i % 2 == 0 ? Infer(i, 1, "label") : Infer(i, 1, "probabilities"))).ToArray();

        var answers = await BurstAsync(http, requests);

        for (var i = 0; i < answers.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, answers[i].Status);
            using var document = System.Text.Json.JsonDocument.Parse(answers[i].Body);
            var output = Assert.Single(document.RootElement.GetProperty("outputs").EnumerateArray());
            Assert.Equal(i % 2 == 0 ? "label" : "probabilities", output.GetProperty("name").GetString());
            Assert.Equal(1, output.GetProperty("shape")[0].GetInt32());
        }
        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.Equal(40, Sample(metrics, "gyre_batch_size_sum", "deployment=\"batched\""));
    }

    [Fact]
    public async Task Requests_with_different_columns_are_never_merged_and_each_gets_its_unbatched_answer()
    {
        var recorder = new RecordingModel(ModelLoader.Default.Load(Boosted));
        var (host, server, http) = await StartAsync(("plain", ModelLoader.Default.Load(Boosted), null), ("batched", recorder, Batching));
        await using var _ = server;
        using var __ = http;
        // The model takes one tensor of 15 columns in request order: the same rows with the columns reversed are another schema.
        string Reversed(int i) => System.Text.Json.JsonSerializer.Serialize(new
        {
            dataframe_split = new
            {
                columns = Churn.FeatureNames.Reverse(),
                data = new[] { Churn.Rows[i].Reverse().Select(v => double.IsNaN(v) ? (double?)null : v) },
            },
        });
        var bodies = Enumerable.Range(0, 48).Select(i => i % 2 == 0 ? Split(i, 1) : Reversed(i)).ToArray();
        string Key(IEnumerable<double> row) => string.Join(",", row.Select(v => ((float)v).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var original = Enumerable.Range(0, 48).Where(i => i % 2 == 0).Select(i => Key(Churn.Rows[i])).ToHashSet();
        var reversed = Enumerable.Range(0, 48).Where(i => i % 2 == 1).Select(i => Key(Churn.Rows[i].Reverse())).ToHashSet();

        var answers = await BurstAsync(http, bodies.Select(b => ("/deployments/batched/invocations", b)).ToArray());

        for (var i = 0; i < bodies.Length; i++)
        {
            var (status, expected) = await PostAsync(http, "/deployments/plain/invocations", bodies[i]);
            Assert.Equal(HttpStatusCode.OK, answers[i].Status);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(answers[i].Body));
        }
        var calls = recorder.Calls.ToArray();
        Assert.Equal(bodies.Length, calls.Sum(c => c.Length));
        Assert.Contains(calls, c => c.Length > 1);
        Assert.All(calls, call => Assert.True(call.All(r => original.Contains(Key(r))) || call.All(r => reversed.Contains(Key(r))),
            "a model call mixed rows of both column orders"));
    }

    [Fact]
    public async Task A_malformed_request_in_a_burst_gets_its_400_and_the_others_their_answers()
    {
        var (host, server, http) = await StartAsync(("plain", ModelLoader.Default.Load(Boosted), null), ("batched", ModelLoader.Default.Load(Boosted), Batching));
        await using var _ = server;
        using var __ = http;
        var bad = new Dictionary<int, string>
        {
            [5] = Split(5, 1).Replace(Churn.FeatureNames[0], "no_such_column", StringComparison.Ordinal)
                .Replace("\"data\":[[", "\"data\":[[\"text\",", StringComparison.Ordinal),
            [17] = "{\"dataframe_split\": {\"columns\": [\"a\"], \"data\": [[1, 2]]}}",
            [29] = "{not json",
        };
        var bodies = Enumerable.Range(0, 40).Select(i => bad.GetValueOrDefault(i) ?? Split(i, 1)).ToArray();

        var answers = await BurstAsync(http, bodies.Select(b => ("/deployments/batched/invocations", b)).ToArray());

        for (var i = 0; i < bodies.Length; i++)
        {
            var (status, expected) = await PostAsync(http, "/deployments/plain/invocations", bodies[i]);
            Assert.Equal(bad.ContainsKey(i) ? HttpStatusCode.BadRequest : HttpStatusCode.OK, status);
            Assert.Equal(status, answers[i].Status);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(answers[i].Body));
        }
    }

    [Fact]
    public async Task A_request_the_model_cannot_score_fails_alone_and_the_rest_of_its_batch_is_answered()
    {
        var (host, server, http) = await StartAsync(
            ("plain", new PoisonedModel(ModelLoader.Default.Load(Boosted)), null),
            ("batched", new PoisonedModel(ModelLoader.Default.Load(Boosted)), Batching));
        await using var _ = server;
        using var __ = http;
        var bodies = Enumerable.Range(0, 30).Select(i => i % 10 == 3 ? PoisonedRow(i) : Split(i, 1)).ToArray();

        var answers = await BurstAsync(http, bodies.Select(b => ("/deployments/batched/invocations", b)).ToArray());

        for (var i = 0; i < bodies.Length; i++)
        {
            var (status, expected) = await PostAsync(http, "/deployments/plain/invocations", bodies[i]);
            Assert.Equal(i % 10 == 3 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, status);
            Assert.Equal(status, answers[i].Status);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(answers[i].Body));
        }
        Assert.Contains("cannot score a row whose first feature is", System.Text.Encoding.UTF8.GetString(answers[3].Body));
    }

    [Fact]
    public async Task Observers_and_the_policy_see_each_batched_request_on_its_own()
    {
        var (host, server, http) = await StartAsync(("batched", ModelLoader.Default.Load(Boosted), Batching));
        await using var _ = server;
        using var __ = http;
        var seen = new Recorder();
        host.AddObserver(seen);
        var bodies = Enumerable.Range(0, 32).Select(i => ("/deployments/batched/invocations", Split(i, 1 + i % 3))).ToArray();

        var answers = await BurstAsync(http, bodies);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        await WaitUntilAsync(() => seen.Scored.Count == bodies.Length);
        Assert.Equal(bodies.Length, seen.Scored.Select(s => s.RequestId).Distinct().Count());
        Assert.All(seen.Scored, s =>
        {
            Assert.Equal(s.Inputs!.RowCount, s.Outputs!["label"].Dim(0));
            Assert.True(s.Latency > TimeSpan.Zero);
        });
        Assert.Equal(bodies.Length, host.GetStatus("batched").Variants.Single().Requests);
    }

    [Fact]
    public async Task A_hot_swap_under_batched_load_drops_nothing_and_the_new_version_answers()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero, RetiredModelGrace = TimeSpan.FromSeconds(5) }, Ct);
        await host.CreateAsync(new DeploymentSpec("churn", [new VariantSpec("main", Boosted)], new PolicySpec("single", default), Batching: Batching), Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };

        var failures = new ConcurrentQueue<string>();
        var versions = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 12).Select(c => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var response = await http.PostAsync("/deployments/churn/invocations", Json(Split(c * 7 + i, 1)), Ct);
                if (response.StatusCode != HttpStatusCode.OK) failures.Enqueue($"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
                versions.Enqueue(response.Headers.GetValues("x-gyre-model-version").Single());
            }
        }, Ct)).ToArray();

        await WaitUntilAsync(() => versions.Count > 200);
        // New model and new batching settings at once; then batching off; then on again.
        await host.UpdateAsync(new DeploymentSpec("churn", [new VariantSpec("main", Logistic)], new PolicySpec("single", default),
            Batching: new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = TimeSpan.FromMilliseconds(1) }), Ct);
        var swappedAt = versions.Count;
        await WaitUntilAsync(() => versions.Count > swappedAt + 200);
        await host.UpdateAsync(new DeploymentSpec("churn", [new VariantSpec("main", Logistic)], new PolicySpec("single", default)), Ct);
        var offAt = versions.Count;
        await WaitUntilAsync(() => versions.Count > offAt + 200);
        await host.UpdateAsync(new DeploymentSpec("churn", [new VariantSpec("main", Logistic)], new PolicySpec("single", default), Batching: Batching), Ct);
        var onAt = versions.Count;
        await WaitUntilAsync(() => versions.Count > onAt + 200);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.Equal("logistic_regression_binary", versions.Last());
        Assert.Contains("gradient_boosting_classifier_binary", versions);
        var events = await host.GetEventsAsync("churn", ct: Ct);
        Assert.Equal(["created", "swapped", "updated", "updated"], events.Select(e => e.Kind));
        Assert.Contains("batching changed", events[1].Reason);
        Assert.Equal("batching changed", events[2].Reason);
        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.True(Sample(metrics, "gyre_batch_size_count", "version=\"logistic_regression_binary\"") > 0);
    }

    [Fact]
    public async Task A_deleted_deployments_batcher_is_disposed_and_a_request_already_routed_to_it_is_still_scored()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        var model = ModelLoader.Default.Load(Boosted);
        await using var batcher = new ModelBatcher(model, Batching, host.Metrics.BatchSeries("direct", "1"));
        var row = Churn.Rows[0].Select(v => (float)v).ToArray();
        var input = new Dictionary<string, Tensor> { ["input"] = Tensor.FromFloat(row, 1, row.Length) };
        var before = await batcher.ScoreAsync(input, null, Ct);
        await batcher.DisposeAsync();

        var after = await batcher.ScoreAsync(input, null, Ct);

        Assert.Equal(before["label"].As<long>(), after["label"].As<long>());
        Assert.Equal(1, batcher.ModelCalls);
        model.Dispose();
    }

    private static string PoisonedRow(int i) => System.Text.Json.JsonSerializer.Serialize(new
    {
        dataframe_split = new
        {
            columns = Churn.FeatureNames,
            data = new[] { Churn.Rows[i].Select((v, c) => c == 0 ? PoisonedModel.Poison : double.IsNaN(v) ? (double?)null : v) },
        },
    });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 60 s");
            await Task.Delay(10, Ct);
        }
    }

    internal sealed class Recorder : IScoringObserver
    {
        public ConcurrentQueue<ScoredRequest> Scored { get; } = new();

        public void OnScored(ScoredRequest scored)
        {
            _ = scored.Inputs; // read now, as the prediction log does
            Scored.Enqueue(scored);
        }
    }

    /// <summary>The real model, recording the rows of each call.</summary>
    private sealed class RecordingModel(IModel inner) : IModel
    {
        public ConcurrentQueue<double[][]> Calls { get; } = new();

        public string Format => inner.Format;

        public ModelSignature Signature => inner.Signature;

        public IReadOnlyDictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames = null)
        {
            var x = inputs["input"];
            var width = x.Dim(1);
            var data = x.As<float>();
            Calls.Enqueue(Enumerable.Range(0, x.Dim(0)).Select(r => data.Skip(r * width).Take(width).Select(v => (double)v).ToArray()).ToArray());
            return inner.Predict(inputs, outputNames);
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>The real model, failing (as a model runtime can) on rows whose first feature is <see cref="Poison"/>.</summary>
    private sealed class PoisonedModel(IModel inner) : IModel
    {
        public const int Poison = 999;

        public string Format => inner.Format;

        public ModelSignature Signature => inner.Signature;

        public IReadOnlyDictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames = null)
        {
            var x = inputs["input"];
            var width = x.Dim(1);
            var data = x.As<float>();
            for (var r = 0; r < x.Dim(0); r++)
                if (data[r * width] == Poison) throw new InvalidOperationException($"cannot score a row whose first feature is {Poison}");
            return inner.Predict(inputs, outputNames);
        }

        public void Dispose() => inner.Dispose();
    }
}
