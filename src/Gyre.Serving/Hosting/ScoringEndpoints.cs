using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Deployments;
using Gyre.Serving.Protocols;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RouteContext = Gyre.Serving.Deployments.RouteContext;

namespace Gyre.Serving.Hosting;

/// <summary>
/// The HTTP doors to deployments: MLflow's scoring protocol (<c>/deployments/{name}/invocations</c> and, for
/// the default deployment, <c>/invocations</c>), the Open Inference Protocol v2 (<c>/v2/models/{name}/...</c>,
/// name = deployment, version = a variant's model version), <c>/ping</c>, <c>/health</c>, <c>/version</c> and
/// <c>/metrics</c>. Each request is routed by the deployment's policy; the answer carries
/// <c>x-gyre-request-id</c>, <c>x-gyre-variant</c> and <c>x-gyre-model-version</c>.
/// </summary>
internal sealed class ScoringEndpoints(DeploymentHost host)
{
    public const string RequestIdHeader = "x-gyre-request-id";
    public const string VariantHeader = "x-gyre-variant";
    public const string ModelVersionHeader = "x-gyre-model-version";

    private const string InvocationsRoute = "/invocations";
    private const string InferRoute = "/v2/infer";

    private static readonly string GyreVersion =
        typeof(ScoringEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly ServingMetrics _metrics = host.Metrics;
    private readonly int _maxBatchRows = host.Options.MaxBatchRows;

    public void Map(IEndpointRouteBuilder app, bool includeHealth)
    {
        app.MapPost("/invocations", (RequestDelegate)(context => InvocationsAsync(context, host.DefaultDeployment, null)));
        app.MapPost("/deployments/{name}/invocations", (RequestDelegate)(context =>
        {
            var name = (string)context.Request.RouteValues["name"]!;
            return InvocationsAsync(context, host.TryGet(name, out var d) ? d : null, name);
        }));
        app.MapGet("/ping", (RequestDelegate)(_ => Task.CompletedTask));
        if (includeHealth)
        {
            app.MapGet("/health", (RequestDelegate)(context => context.Response.WriteAsync("OK")));
            app.MapGet("/version", (RequestDelegate)(context => context.Response.WriteAsync(GyreVersion)));
        }
        app.MapGet("/metrics", (RequestDelegate)MetricsAsync);

        app.MapGet("/v2/health/live", (RequestDelegate)(context => WriteJsonAsync(context, 200, json => Flag(json, "live"))));
        app.MapGet("/v2/health/ready", (RequestDelegate)(context => WriteJsonAsync(context, 200, json => Flag(json, "ready"))));
        app.MapGet("/v2", (RequestDelegate)(context => WriteJsonAsync(context, 200, ServerMetadata)));
        app.MapGet("/v2/models/{name}", (RequestDelegate)(context => ModelMetadataAsync(context, Name(context), null)));
        app.MapGet("/v2/models/{name}/versions/{version}", (RequestDelegate)(context => ModelMetadataAsync(context, Name(context), Version(context))));
        app.MapGet("/v2/models/{name}/ready", (RequestDelegate)(context => ModelReadyAsync(context, Name(context), null)));
        app.MapGet("/v2/models/{name}/versions/{version}/ready", (RequestDelegate)(context => ModelReadyAsync(context, Name(context), Version(context))));
        app.MapPost("/v2/models/{name}/infer", (RequestDelegate)(context => InferAsync(context, Name(context), null)));
        app.MapPost("/v2/models/{name}/versions/{version}/infer", (RequestDelegate)(context => InferAsync(context, Name(context), Version(context))));
    }

    /// <summary>
    /// The version a request is counted against: the one that answered, or for a request refused before
    /// routing (malformed body), the deployment's only version when it has one; "none" otherwise.
    /// </summary>
    private static string VersionLabel(LoadedVariant? variant, DeploymentSnapshot? snapshot) =>
        variant?.Version ?? snapshot?.Single?.Version ?? "none";

    private static string Name(HttpContext context) => (string)context.Request.RouteValues["name"]!;

    private static string Version(HttpContext context) => (string)context.Request.RouteValues["version"]!;

    private async Task InvocationsAsync(HttpContext context, Deployment? deployment, string? askedName)
    {
        var started = Stopwatch.GetTimestamp();
        var status = 200;
        var requestId = RequestId(context);
        LoadedVariant? variant = null;
        DeploymentSnapshot? snapshot = null;
        RouteDecision? decision = null;
        ScoringRequest? request = null;
        IReadOnlyDictionary<string, Tensor>? outputs = null;
        CachedRequest? cached = null;
        try
        {
            if (deployment is null) throw NoDeployment(askedName);
            snapshot = deployment.Current;
            if (snapshot.Cache is { } cache)
            {
                cached = await CachedRequest.ReadAsync(context.Request, openInference: false).ConfigureAwait(false);
                // Routed before parsing (unless the sticky key is a body field), so that a hit skips parsing too.
                if (snapshot.StickyField is null || Header(context, snapshot.StickyHeader) is not null)
                {
                    decision = snapshot.Route(new RouteContext(requestId, Header(context, snapshot.StickyHeader), Header(context, VariantHeader)));
                    variant = snapshot.Variant(decision.Primary);
                    SetHeaders(context, variant);
                    if (await TryAnswerFromCacheAsync(context, deployment.Name, cache, variant, cached).ConfigureAwait(false))
                    {
                        outputs = cached.HitOutputs;
                        return;
                    }
                }
                request = cached.ParseMlflow();
            }
            else
            {
                request = await ReadScoringRequestAsync(context.Request).ConfigureAwait(false);
            }
            CheckBatchSize(request.RowCount);
            if (variant is null)
            {
                decision = snapshot.Route(new RouteContext(requestId, StickyKey(context, snapshot, request.Frame), Header(context, VariantHeader)));
                variant = snapshot.Variant(decision.Primary);
                SetHeaders(context, variant);
                if (cached is not null && await TryAnswerFromCacheAsync(context, deployment.Name, snapshot.Cache!, variant, cached).ConfigureAwait(false))
                {
                    outputs = cached.HitOutputs;
                    return;
                }
            }
            var served = variant.Served;
            var inputs = ModelInputBinder.Bind(request, served.Signature);
            outputs = snapshot.BatcherOf(variant) is { } batcher
                ? await ScoreBatchedAsync(batcher, deployment.Name, served, inputs, null, request.Frame).ConfigureAwait(false)
                : Score(deployment.Name, served, inputs, null);
            var written = outputs;
            if (cached is null)
                await WriteJsonAsync(context, 200, json => MlflowPredictionWriter.Write(json, written, served.Signature)).ConfigureAwait(false);
            else
                await WriteAndCacheAsync(context, snapshot.Cache!, variant, cached, written, json => MlflowPredictionWriter.Write(json, written, served.Signature))
                    .ConfigureAwait(false);
        }
        catch (Exception error) when (ToHttpError(error) is { } http)
        {
            status = http.Status;
            await WriteErrorAsync(context, http, mlflowShape: true).ConfigureAwait(false);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            _metrics.RecordRequest(deployment?.Name ?? askedName ?? "default", VersionLabel(variant, snapshot), InvocationsRoute, status, elapsed.TotalSeconds);
            if (variant is not null)
            {
                Finish(deployment!.Name, snapshot!, decision!, variant, requestId, status, elapsed, outputs, request, null, default, cached);
            }
        }
    }

    private async Task InferAsync(HttpContext context, string name, string? version)
    {
        var started = Stopwatch.GetTimestamp();
        var status = 200;
        var requestId = RequestId(context);
        LoadedVariant? variant = null;
        DeploymentSnapshot? snapshot = null;
        RouteDecision? decision = null;
        IReadOnlyDictionary<string, Tensor>? inputs = null;
        IReadOnlyDictionary<string, Tensor>? outputs = null;
        JsonElement mirrorBody = default;
        CachedRequest? cached = null;
        host.TryGet(name, out var deployment);
        try
        {
            if (deployment is null) throw NoDeployment(name);
            snapshot = deployment.Current;
            var forced = Header(context, VariantHeader);
            if (version is not null) forced = VariantWithVersion(snapshot, name, version).Name;
            decision = snapshot.Route(new RouteContext(requestId, Header(context, snapshot.StickyHeader), forced));
            variant = snapshot.Variant(decision.Primary);
            SetHeaders(context, variant);
            if (snapshot.Cache is { } cache)
            {
                cached = await CachedRequest.ReadAsync(context.Request, openInference: true).ConfigureAwait(false);
                if (await TryAnswerFromCacheAsync(context, deployment.Name, cache, variant, cached).ConfigureAwait(false))
                {
                    outputs = cached.HitOutputs;
                    return;
                }
            }
            using var document = cached is null ? await ParseJsonAsync(context.Request).ConfigureAwait(false) : cached.ParseJson();
            var served = variant.Served;
            var request = OpenInferenceProtocol.Parse(document.RootElement, served.Signature);
            inputs = request.Inputs;
            var first = request.Inputs.Values.First();
            CheckBatchSize(first.Rank == 0 ? 1 : first.Dim(0));
            if (decision.Mirrors.Count > 0) mirrorBody = document.RootElement.Clone();
            outputs = snapshot.BatcherOf(variant) is { } batcher
                ? await ScoreBatchedAsync(batcher, deployment.Name, served, request.Inputs, request.OutputNames, null).ConfigureAwait(false)
                : Score(deployment.Name, served, request.Inputs, request.OutputNames);
            var written = outputs;
            void Write(Utf8JsonWriter json) => OpenInferenceProtocol.WriteResponse(json, deployment.Name, served.Version, request.Id, written, served.Signature);
            if (cached is null) await WriteJsonAsync(context, 200, Write).ConfigureAwait(false);
            else await WriteAndCacheAsync(context, snapshot.Cache!, variant, cached, written, Write).ConfigureAwait(false);
        }
        catch (Exception error) when (ToHttpError(error) is { } http)
        {
            status = http.Status;
            await WriteErrorAsync(context, http, mlflowShape: false).ConfigureAwait(false);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            _metrics.RecordRequest(deployment?.Name ?? name, VersionLabel(variant, snapshot), InferRoute, status, elapsed.TotalSeconds);
            if (variant is not null)
            {
                Finish(deployment!.Name, snapshot!, decision!, variant, requestId, status, elapsed, outputs, null, inputs, mirrorBody, cached);
            }
        }
    }

    /// <summary>
    /// After the answer: counters, the policy's outcome, observers, and the mirrored copies (scored off the
    /// request path). Nothing here allocates for a deployment with no observers and no mirrors.
    /// </summary>
    private void Finish(string deployment, DeploymentSnapshot snapshot, RouteDecision decision, LoadedVariant variant, string requestId,
        int status, TimeSpan elapsed, IReadOnlyDictionary<string, Tensor>? outputs,
        ScoringRequest? request, IReadOnlyDictionary<string, Tensor>? tensorInputs, JsonElement inferBody, CachedRequest? cached)
    {
        var succeeded = status < 500;
        variant.Counters.Record(succeeded, elapsed);
        var mirrored = decision.Mirrors.Count > 0;
        var prediction = mirrored && outputs is not null ? ObservedData.FirstOutput(outputs, variant.Served) : null;
        snapshot.Policy.RecordOutcome(new VariantOutcome(requestId, variant.Name, false, succeeded, elapsed,
            prediction is null ? null : new ReadOnlyMemory<double>(prediction)));
        var observers = host.Observers;
        ScoredRequest? scored = null;
        if (observers.Length > 0)
        {
            scored = ScoredRequest.WithLazyInputs(deployment, variant.Name, variant.Version, requestId, false, status, elapsed,
                () => request is null && tensorInputs is null && cached is not null
                    ? cached.ObservedInputs(variant.Served.Signature)
                    : ObservedData.Inputs(request?.Frame, tensorInputs),
                outputs, host.Time.GetUtcNow());
            Notify(observers, scored);
        }
        if (!mirrored || status != 200) return;
        foreach (var name in decision.Mirrors)
        {
            if (!snapshot.TryGetVariant(name, out var mirror) || mirror == variant) continue;
            var observed = scored?.Inputs;
            _ = Task.Run(() => ScoreMirror(deployment, snapshot, mirror, requestId, observed, request, inferBody, cached));
        }
    }

    private void ScoreMirror(string deployment, DeploymentSnapshot snapshot, LoadedVariant mirror, string requestId, DataFrame? inputs,
        ScoringRequest? request, JsonElement inferBody, CachedRequest? cached)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyDictionary<string, Tensor>? outputs = null;
        var status = 200;
        try
        {
            // A primary answered from the cache was never parsed: parse it here, off the response path.
            if (request is null && inferBody.ValueKind == JsonValueKind.Undefined && cached is not null)
            {
                if (!cached.OpenInference) request = cached.ParseMlflow();
                else
                {
                    using var document = cached.ParseJson();
                    inferBody = document.RootElement.Clone();
                }
            }
            var signature = mirror.Served.Signature;
            outputs = mirror.Served.Model.Predict(request is not null
                ? ModelInputBinder.Bind(request, signature)
                : OpenInferenceProtocol.Parse(inferBody, signature).Inputs);
        }
        catch (Exception error)
        {
            status = ToHttpError(error)?.Status ?? 500;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var prediction = outputs is null ? null : ObservedData.FirstOutput(outputs, mirror.Served);
        snapshot.Policy.RecordOutcome(new VariantOutcome(requestId, mirror.Name, true, status < 500, elapsed,
            prediction is null ? null : new ReadOnlyMemory<double>(prediction)));
        var observers = host.Observers;
        if (observers.Length > 0)
            Notify(observers, new ScoredRequest(deployment, mirror.Name, mirror.Version, requestId, true, status, elapsed, inputs, outputs, host.Time.GetUtcNow()));
    }

    private static void Notify(IScoringObserver[] observers, ScoredRequest scored)
    {
        foreach (var observer in observers)
        {
            try
            {
                observer.OnScored(scored);
            }
            catch (Exception e)
            {
                // An observer's bug must not fail the request it watches.
                Console.Error.WriteLine($"gyre: scoring observer {observer.GetType().Name} failed: {e.Message}");
            }
        }
    }

    private IReadOnlyDictionary<string, Tensor> Score(string deployment, ServedModel served, IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames)
    {
        var outputs = served.Model.Predict(inputs, outputNames);
        RecordScored(deployment, served, inputs, outputs);
        return outputs;
    }

    /// <summary>Scores through the variant's batcher: merged with concurrent requests, each getting its own rows back.</summary>
    private async ValueTask<IReadOnlyDictionary<string, Tensor>> ScoreBatchedAsync(Batching.ModelBatcher batcher, string deployment, ServedModel served,
        IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames, InputFrame? frame)
    {
        var outputs = await batcher.ScoreAsync(inputs, outputNames, CancellationToken.None, frame).ConfigureAwait(false);
        RecordScored(deployment, served, inputs, outputs);
        return outputs;
    }

    private void RecordScored(string deployment, ServedModel served, IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyDictionary<string, Tensor> outputs)
    {
        var rows = inputs.Count == 0 ? 0 : inputs.Values.First().Rank == 0 ? 1 : inputs.Values.First().Dim(0);
        _metrics.RecordRows(deployment, served.Version, rows);
        RecordClasses(deployment, served, outputs);
    }

    private void RecordClasses(string deployment, ServedModel served, IReadOnlyDictionary<string, Tensor> outputs)
    {
        if (served.LabelOutput is { } labelName && outputs.TryGetValue(labelName, out var labels) && labels.Type == TensorType.Int64)
            foreach (var label in labels.As<long>()) _metrics.RecordClass(deployment, served.Version, label);
    }

    /// <summary>
    /// Answers from the deployment's cache when it holds this body scored by this variant's model: the cached
    /// bytes are written as they are, the class counts and the cache hit are recorded. False on a miss.
    /// </summary>
    private async ValueTask<bool> TryAnswerFromCacheAsync(HttpContext context, string deployment, Caching.PredictionCache cache, LoadedVariant variant,
        CachedRequest cached)
    {
        var hit = cache.TryGet(cached.KeyFor(variant.CacheSeed), out var response, out var state);
        _metrics.RecordCacheLookup(deployment, variant.Version, hit);
        if (!hit) return false;
        cached.HitOutputs = state as IReadOnlyDictionary<string, Tensor>;
        if (cached.HitOutputs is not null) RecordClasses(deployment, variant.Served, cached.HitOutputs);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = response.Length;
        await context.Response.BodyWriter.WriteAsync(response).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes a 200 answer into a buffer, keeps it in the cache (with the outputs, for observers of later hits), then sends it.</summary>
    private static async Task WriteAndCacheAsync(HttpContext context, Caching.PredictionCache cache, LoadedVariant variant, CachedRequest cached,
        IReadOnlyDictionary<string, Tensor> outputs, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, JsonWriting)) write(json);
        cache.Store(cached.Key, buffer.WrittenSpan, outputs, variant.Version);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.BodyWriter.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
    }

    private static string RequestId(HttpContext context)
    {
        var given = context.Request.Headers[RequestIdHeader];
        var id = given.Count > 0 && !string.IsNullOrEmpty(given[0]) ? given[0]! : Guid.NewGuid().ToString("N");
        context.Response.Headers[RequestIdHeader] = id;
        return id;
    }

    private static void SetHeaders(HttpContext context, LoadedVariant variant)
    {
        var headers = context.Response.Headers;
        headers[VariantHeader] = variant.Name;
        headers[ModelVersionHeader] = variant.Version;
    }

    private static string? Header(HttpContext context, string name)
    {
        var values = context.Request.Headers[name];
        return values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
    }

    /// <summary>The sticky key: the header the policy names (default x-gyre-key), else the first row's value of its key_field.</summary>
    private static string? StickyKey(HttpContext context, DeploymentSnapshot snapshot, InputFrame? frame)
    {
        if (Header(context, snapshot.StickyHeader) is { } key) return key;
        if (snapshot.StickyField is not { } field || frame is null || frame.RowCount == 0) return null;
        var column = frame.IndexOf(field);
        if (column < 0) return null;
        return frame.Texts[column]?[0] ?? frame.Numbers[column][0].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }

    private void CheckBatchSize(int rows)
    {
        if (rows > _maxBatchRows)
            throw new GyreException(ErrorCode.BAD_REQUEST, $"The request has {rows} rows; this server scores at most {_maxBatchRows} per request.");
    }

    private GyreException NoDeployment(string? name) => name is null
        ? GyreException.NotFound(host.Deployments.Count == 0
            ? "No deployment is served here yet; create one with POST /api/gyre/deployments."
            : $"There are several deployments ({string.Join(", ", host.Deployments.Select(d => d.Name))}) and no default; POST to /deployments/{{name}}/invocations.")
        : GyreException.NotFound($"Deployment '{name}' does not exist; served here: {string.Join(", ", host.Deployments.Select(d => d.Name))}.");

    private static LoadedVariant VariantWithVersion(DeploymentSnapshot snapshot, string name, string version) =>
        snapshot.Variants.FirstOrDefault(v => v.Version == version)
        ?? throw GyreException.NotFound(
            $"Model '{name}' version {version} is not served here; versions served: {string.Join(", ", snapshot.Variants.Select(v => v.Version))}.");

    private static async Task<ScoringRequest> ReadScoringRequestAsync(HttpRequest request)
    {
        var contentType = request.ContentType ?? "application/json";
        if (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
            buffer.Position = 0;
            return new ScoringRequest(ToInputFrame(CsvTable.Read(buffer)), null, null);
        }
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new GyreException(ErrorCode.BAD_REQUEST,
                $"Content type '{contentType}' is not supported; send application/json or text/csv.");
        using var document = await ParseJsonAsync(request).ConfigureAwait(false);
        return MlflowScoringParser.Parse(document.RootElement);
    }

    private static async Task<JsonDocument> ParseJsonAsync(HttpRequest request)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            throw new GyreException(ErrorCode.MALFORMED_REQUEST, $"The request body is not valid JSON: {error.Message}");
        }
    }

    internal static InputFrame ToInputFrame(DataFrame frame)
    {
        var rows = new List<object?[]>(frame.RowCount);
        for (var r = 0; r < frame.RowCount; r++)
        {
            var row = new object?[frame.Columns.Count];
            for (var c = 0; c < row.Length; c++) row[c] = frame.Columns[c].GetValue(r);
            rows.Add(row);
        }
        return new InputFrame(frame.ColumnNames.ToArray(), rows);
    }

    private async Task MetricsAsync(HttpContext context)
    {
        context.Response.ContentType = PrometheusTextWriter.ContentType;
        // Rendered to a string first: Kestrel forbids the synchronous writes a TextWriter would make.
        await context.Response.WriteAsync(_metrics.Registry.Expose()).ConfigureAwait(false);
    }

    private Task ModelMetadataAsync(HttpContext context, string name, string? version)
    {
        if (!host.TryGet(name, out var deployment)) return NotFoundAsync(context, NoDeployment(name).Message);
        var snapshot = deployment.Current;
        LoadedVariant shown;
        if (version is null) shown = snapshot.Variant(snapshot.Policy.Route(new RouteContext("metadata", null, null)).Primary);
        else if (snapshot.Variants.FirstOrDefault(v => v.Version == version) is { } match) shown = match;
        else return NotFoundAsync(context, $"Model '{name}' version {version} is not served here; versions served: {string.Join(", ", snapshot.Variants.Select(v => v.Version))}.");
        return WriteJsonAsync(context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteStartArray("versions");
            foreach (var v in version is null ? snapshot.Variants.Select(v => v.Version).Distinct() : [shown.Version]) json.WriteStringValue(v);
            json.WriteEndArray();
            json.WriteString("platform", shown.Served.Model.Format);
            WriteSpecs(json, "inputs", shown.Served.Signature.Inputs);
            WriteSpecs(json, "outputs", shown.Served.Signature.Outputs);
            json.WriteEndObject();
        });
    }

    private Task ModelReadyAsync(HttpContext context, string name, string? version)
    {
        if (!host.TryGet(name, out var deployment)) return NotFoundAsync(context, NoDeployment(name).Message);
        if (version is not null && deployment.Current.Variants.All(v => v.Version != version))
            return NotFoundAsync(context, $"Model '{name}' version {version} is not served here.");
        return WriteJsonAsync(context, 200, json => Flag(json, "ready"));
    }

    private static Task NotFoundAsync(HttpContext context, string message) =>
        WriteJsonAsync(context, 404, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        });

    private static void WriteSpecs(Utf8JsonWriter json, string property, IReadOnlyList<TensorSpec> specs)
    {
        json.WriteStartArray(property);
        foreach (var spec in specs)
        {
            json.WriteStartObject();
            json.WriteString("name", spec.Name);
            json.WriteString("datatype", OpenInferenceProtocol.DataType(spec.Type));
            json.WriteStartArray("shape");
            foreach (var d in spec.Shape ?? []) json.WriteNumberValue(d);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void ServerMetadata(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("name", "gyre");
        json.WriteString("version", GyreVersion);
        json.WriteStartArray("extensions");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Flag(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject();
        json.WriteBoolean(name, true);
        json.WriteEndObject();
    }

    private static Task WriteErrorAsync(HttpContext context, HttpError http, bool mlflowShape)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        return WriteJsonAsync(context, http.Status, json =>
        {
            json.WriteStartObject();
            if (mlflowShape)
            {
                json.WriteString("error_code", http.Code.ToString());
                json.WriteString("message", http.Message);
            }
            else
            {
                json.WriteString("error", http.Message);
            }
            json.WriteEndObject();
        });
    }

    internal static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonWriting);
        write(json);
        await json.FlushAsync().ConfigureAwait(false);
    }

    // Messages quote names ('input'); relaxed escaping keeps them readable instead of \u0027.
    private static readonly JsonWriterOptions JsonWriting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal sealed record HttpError(int Status, ErrorCode Code, string Message);

    internal static HttpError? ToHttpError(Exception error) => error switch
    {
        GyreException gyre => new HttpError(gyre.HttpStatus, gyre.Code, gyre.Message),
        BadHttpRequestException bad => new HttpError(bad.StatusCode, ErrorCode.BAD_REQUEST, bad.Message),
        OperationCanceledException => null,
        _ => new HttpError(500, ErrorCode.INTERNAL_ERROR, $"Scoring failed: {error.Message}"),
    };
}
