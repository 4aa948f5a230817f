using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Gyre.Bench.TrackingLoad;

/// <summary>
/// FastTrackML's tracking benchmark (its k6 scripts k6LoggingPerfScript.js and k6RetrievalPerfScript.js),
/// request for request, as shared/benchmarks/tracking-mlflow.md describes it: virtual users share a
/// fixed number of iterations (k6 shared-iterations).
/// </summary>
public sealed class TrackingWorkload(HttpClient http, LatencyRecorder recorder)
{
    private const string Api = "api/2.0/mlflow/";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    // The log-batch bodies, built once per workload (timestamps of its start) with the run id filled in per
    // request, so the driver spends its CPU on HTTP rather than on formatting the same numbers again.
    private readonly BodyTemplate _metrics10x4 = new(metricCount: 10, steps: 4, paramCount: 0);
    private readonly BodyTemplate _metrics100x4 = new(metricCount: 100, steps: 4, paramCount: 0);
    private readonly BodyTemplate _metrics500x2 = new(metricCount: 500, steps: 2, paramCount: 0);
    private readonly BodyTemplate _params10 = new(metricCount: 0, steps: 0, paramCount: 10);
    private readonly BodyTemplate _params100 = new(metricCount: 0, steps: 0, paramCount: 100, paramPrefix: "p100_");
    private readonly BodyTemplate _mixed = new(metricCount: 100, steps: 4, paramCount: 100);

    /// <summary>Runs <paramref name="iterations"/> iterations of <paramref name="iteration"/> on <paramref name="clients"/> concurrent clients.</summary>
    public static async Task<TimeSpan> RunSharedIterationsAsync(int clients, int iterations, Func<int, Task> iteration)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < iterations) await iteration(i);
        }));
        await Task.WhenAll(workers);
        return clock.Elapsed;
    }

    // ---------- logging phase ----------

    /// <summary>Creates an experiment; <paramref name="measured"/> false leaves the request out of the figures (a phase's set-up).</summary>
    public async Task<string> CreateExperimentAsync(string name, bool measured = true)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"name": "{{name}}"}""");
        var body = await SendAsync("CreateExperiment", () => new HttpRequestMessage(HttpMethod.Post, Api + "experiments/create")
        {
            Content = new ByteArrayContent(json) { Headers = { ContentType = Json } },
        }, measured ? recorder : new LatencyRecorder());
        return body is null ? "" : JsonDocument.Parse(body).RootElement.GetProperty("experiment_id").GetString()!;
    }

    public async Task LoggingIterationAsync(string experimentId, int iteration)
    {
        var runId = await CreateRunAsync(experimentId, $"logging-{iteration}");
        if (runId is null) return;
        var now = Now();
        await PostAsync("LogMetricSingle", "runs/log-metric",
            $$"""{"run_id": "{{runId}}", "key": "metric0", "value": 0.5, "timestamp": {{now}}, "step": 0}""");
        await PostAsync("LogMetricBatch10 (x4 steps)", "runs/log-batch", _metrics10x4, runId);
        await PostAsync("LogMetricBatch100 (x4 steps)", "runs/log-batch", _metrics100x4, runId);
        await PostAsync("LogMetricBatch500 (x2 steps)", "runs/log-batch", _metrics500x2, runId);
        await PostAsync("LogParamBatch10", "runs/log-batch", _params10, runId);
        await PostAsync("LogParamBatch100", "runs/log-batch", _params100, runId);
        await PostAsync("UpdateRun", "runs/update", $$"""{"run_id": "{{runId}}", "status": "FINISHED", "end_time": {{Now()}}}""");
    }

    // ---------- retrieval phase ----------

    public async Task RetrievalIterationAsync(string prefix, int iteration)
    {
        var experimentIds = new List<string>();
        var runIds = new List<string>();
        for (var e = 0; e < 3; e++)
        {
            var experimentId = await CreateExperimentAsync($"{prefix}-{iteration}-{e}");
            if (experimentId.Length == 0) return;
            experimentIds.Add(experimentId);
            for (var r = 0; r < 3; r++)
            {
                var runId = await CreateRunAsync(experimentId, $"retrieval-{iteration}-{e}-{r}");
                if (runId is null) return;
                runIds.Add(runId);
                await PostAsync("LogBatchMixed (400 metrics + 100 params)", "runs/log-batch", _mixed, runId);
            }
        }
        var ids = string.Join(", ", experimentIds.Select(id => $"\"{id}\""));
        await PostAsync("SearchRuns", "runs/search",
            $$"""{"experiment_ids": [{{ids}}], "filter": "metrics.metric1 > 0.1 and params.param1 = 'value1'", "max_results": 100, "order_by": ["metrics.metric1 DESC"]}""");
        await PostAsync("SearchExperiments", "experiments/search",
            $$"""{"filter": "name LIKE '{{prefix}}-{{iteration}}-%'", "max_results": 100}""");
        await GetAsync("MetricHistory", $"metrics/get-history?run_id={runIds[iteration % runIds.Count]}&metric_key=metric1");
    }

    // ---------- requests ----------

    private async Task<string?> CreateRunAsync(string experimentId, string name)
    {
        var body = await PostAsync("CreateRun", "runs/create",
            $$"""{"experiment_id": "{{experimentId}}", "user_id": "bench", "start_time": {{Now()}}, "run_name": "{{name}}", "tags": [{"key": "mlflow.source.name", "value": "k6"}]}""");
        return body is null ? null : JsonDocument.Parse(body).RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
    }

    /// <summary>A log-batch body: <paramref name="metricCount"/> keys at each of <paramref name="steps"/> steps, and params.</summary>
    internal static string BatchBody(string runId, int metricCount, int steps, int paramCount, string paramPrefix = "param")
    {
        var json = new StringBuilder(64 + metricCount * steps * 80 + paramCount * 40);
        json.Append("{\"run_id\": \"").Append(runId).Append("\", \"metrics\": [");
        var now = Now();
        var first = true;
        for (var step = 0; step < steps; step++)
        {
            for (var m = 0; m < metricCount; m++)
            {
                if (!first) json.Append(", ");
                first = false;
                var value = (m + 1) * 0.001 + step;
                json.Append("{\"key\": \"metric").Append(m).Append("\", \"value\": ").Append(value.ToString("R", CultureInfo.InvariantCulture))
                    .Append(", \"timestamp\": ").Append(now + step).Append(", \"step\": ").Append(step).Append('}');
            }
        }
        json.Append("], \"params\": [");
        for (var p = 0; p < paramCount; p++)
        {
            if (p > 0) json.Append(", ");
            json.Append("{\"key\": \"").Append(paramPrefix).Append(p).Append("\", \"value\": \"value").Append(p).Append("\"}");
        }
        json.Append("], \"tags\": []}");
        return json.ToString();
    }

    private Task<string?> PostAsync(string endpoint, string path, string json) => PostAsync(endpoint, path, Encoding.UTF8.GetBytes(json));

    /// <summary>Posts a log-batch body built from <paramref name="body"/> in a pooled buffer (the driver's own garbage would otherwise be a fifth of the process's).</summary>
    private async Task<string?> PostAsync(string endpoint, string path, BodyTemplate body, string runId)
    {
        var (buffer, length) = body.Rent(runId);
        try
        {
            return await SendAsync(endpoint, () => new HttpRequestMessage(HttpMethod.Post, Api + path)
            {
                Content = new ByteArrayContent(buffer, 0, length) { Headers = { ContentType = Json } },
            });
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Task<string?> PostAsync(string endpoint, string path, byte[] json) =>
        SendAsync(endpoint, () => new HttpRequestMessage(HttpMethod.Post, Api + path) { Content = new ByteArrayContent(json) { Headers = { ContentType = Json } } });

    private Task<string?> GetAsync(string endpoint, string pathAndQuery) =>
        SendAsync(endpoint, () => new HttpRequestMessage(HttpMethod.Get, Api + pathAndQuery));

    private async Task<string?> SendAsync(string endpoint, Func<HttpRequestMessage> request) => await SendAsync(endpoint, request, recorder);

    private async Task<string?> SendAsync(string endpoint, Func<HttpRequestMessage> request, LatencyRecorder recorder)
    {
        using var message = request();
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            recorder.Record(endpoint, clock.Elapsed.TotalMilliseconds);
            if (response.IsSuccessStatusCode) return body;
            recorder.Fail(endpoint, $"{(int)response.StatusCode} {body}");
            return null;
        }
        catch (HttpRequestException e)
        {
            recorder.Fail(endpoint, e.Message);
            return null;
        }
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>
    /// One log-batch body as UTF-8 with a placeholder run id; <see cref="Rent"/> copies it and writes the run id
    /// in (ids of another length get a freshly built body).
    /// </summary>
    private sealed class BodyTemplate
    {
        private const string Placeholder = "00000000000000000000000000000000";
        private readonly byte[] _body;
        private readonly int _runIdAt;
        private readonly int _metricCount, _steps, _paramCount;
        private readonly string _paramPrefix;

        public BodyTemplate(int metricCount, int steps, int paramCount, string paramPrefix = "param")
        {
            (_metricCount, _steps, _paramCount, _paramPrefix) = (metricCount, steps, paramCount, paramPrefix);
            _body = Encoding.UTF8.GetBytes(BatchBody(Placeholder, metricCount, steps, paramCount, paramPrefix));
            _runIdAt = _body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Placeholder));
        }

        /// <summary>The body for <paramref name="runId"/> in a buffer rented from the shared pool (return it when sent).</summary>
        public (byte[] Buffer, int Length) Rent(string runId)
        {
            var body = runId.Length == Placeholder.Length ? _body : Encoding.UTF8.GetBytes(BatchBody(runId, _metricCount, _steps, _paramCount, _paramPrefix));
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(body.Length);
            body.CopyTo(buffer, 0);
            if (body == _body) Encoding.UTF8.GetBytes(runId, buffer.AsSpan(_runIdAt, Placeholder.Length));
            return (buffer, body.Length);
        }
    }
}
