using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Protocols;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Serving.Hosting;

/// <summary>
/// The HTTP doors to a served model: MLflow's scoring protocol (/invocations, /ping, /health, /version),
/// the Open Inference Protocol v2 (/v2/...), and /metrics in Prometheus text format.
/// </summary>
internal sealed class ScoringEndpoints(ServedModel served, ServingMetrics metrics, ScoringServerOptions options)
{
    private static readonly string GyreVersion =
        typeof(ScoringEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/invocations", InvocationsAsync);
        app.MapGet("/ping", (HttpContext _) => Task.CompletedTask);
        app.MapGet("/health", (HttpContext context) => context.Response.WriteAsync("OK"));
        app.MapGet("/version", (HttpContext context) => context.Response.WriteAsync(GyreVersion));
        app.MapGet("/metrics", MetricsAsync);

        app.MapGet("/v2/health/live", (HttpContext context) => WriteJsonAsync(context, 200, json => Flag(json, "live")));
        app.MapGet("/v2/health/ready", (HttpContext context) => WriteJsonAsync(context, 200, json => Flag(json, "ready")));
        app.MapGet("/v2", (HttpContext context) => WriteJsonAsync(context, 200, ServerMetadata));
        app.MapGet("/v2/models/{name}", (HttpContext context, string name) => ModelMetadataAsync(context, name, null));
        app.MapGet("/v2/models/{name}/versions/{version}", (HttpContext context, string name, string version) => ModelMetadataAsync(context, name, version));
        app.MapGet("/v2/models/{name}/ready", (HttpContext context, string name) => ModelReadyAsync(context, name, null));
        app.MapGet("/v2/models/{name}/versions/{version}/ready", (HttpContext context, string name, string version) => ModelReadyAsync(context, name, version));
        app.MapPost("/v2/models/{name}/infer", (HttpContext context, string name) => InferAsync(context, name, null));
        app.MapPost("/v2/models/{name}/versions/{version}/infer", (HttpContext context, string name, string version) => InferAsync(context, name, version));
    }

    private async Task InvocationsAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var status = 200;
        try
        {
            var request = await ReadScoringRequestAsync(context.Request).ConfigureAwait(false);
            CheckBatchSize(request.RowCount);
            var outputs = Score(ModelInputBinder.Bind(request, served.Signature), null);
            await WriteJsonAsync(context, 200, json => MlflowPredictionWriter.Write(json, outputs, served.Signature)).ConfigureAwait(false);
        }
        catch (Exception error) when (ToHttpError(error) is { } http)
        {
            status = http.Status;
            await WriteJsonAsync(context, status, json =>
            {
                json.WriteStartObject();
                json.WriteString("error_code", http.Code.ToString());
                json.WriteString("message", http.Message);
                json.WriteEndObject();
            }).ConfigureAwait(false);
        }
        finally
        {
            metrics.RecordRequest(served.Name, served.Version, "/invocations", status, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task InferAsync(HttpContext context, string name, string? version)
    {
        var started = Stopwatch.GetTimestamp();
        var status = 200;
        try
        {
            if (!Matches(name, version)) throw GyreException.NotFound(NotServed(name, version));
            using var document = await ParseJsonAsync(context.Request).ConfigureAwait(false);
            var request = OpenInferenceProtocol.Parse(document.RootElement, served.Signature);
            CheckBatchSize(request.Inputs.Values.First().Rank == 0 ? 1 : request.Inputs.Values.First().Dim(0));
            var outputs = Score(request.Inputs, request.OutputNames);
            await WriteJsonAsync(context, 200, json =>
                OpenInferenceProtocol.WriteResponse(json, served.Name, served.Version, request.Id, outputs, served.Signature)).ConfigureAwait(false);
        }
        catch (Exception error) when (ToHttpError(error) is { } http)
        {
            status = http.Status;
            await WriteJsonAsync(context, status, json =>
            {
                json.WriteStartObject();
                json.WriteString("error", http.Message);
                json.WriteEndObject();
            }).ConfigureAwait(false);
        }
        finally
        {
            metrics.RecordRequest(served.Name, served.Version, "/v2/infer", status, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private IReadOnlyDictionary<string, Tensor> Score(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames)
    {
        var outputs = served.Model.Predict(inputs, outputNames);
        var rows = inputs.Count == 0 ? 0 : inputs.Values.First().Rank == 0 ? 1 : inputs.Values.First().Dim(0);
        metrics.RecordRows(served.Name, served.Version, rows);
        if (served.LabelOutput is { } labelName && outputs.TryGetValue(labelName, out var labels) && labels.Type == TensorType.Int64)
            foreach (var label in labels.As<long>()) metrics.RecordClass(served.Name, served.Version, label);
        return outputs;
    }

    private void CheckBatchSize(int rows)
    {
        if (rows > options.MaxBatchRows)
            throw new GyreException(ErrorCode.BAD_REQUEST, $"The request has {rows} rows; this server scores at most {options.MaxBatchRows} per request.");
    }

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

    private static InputFrame ToInputFrame(DataFrame frame)
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
        await context.Response.WriteAsync(metrics.Registry.Expose()).ConfigureAwait(false);
    }

    private Task ModelMetadataAsync(HttpContext context, string name, string? version)
    {
        if (!Matches(name, version)) return NotFoundAsync(context, name, version);
        return WriteJsonAsync(context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteString("name", served.Name);
            json.WriteStartArray("versions");
            json.WriteStringValue(served.Version);
            json.WriteEndArray();
            json.WriteString("platform", served.Model.Format);
            WriteSpecs(json, "inputs", served.Signature.Inputs);
            WriteSpecs(json, "outputs", served.Signature.Outputs);
            json.WriteEndObject();
        });
    }

    private Task ModelReadyAsync(HttpContext context, string name, string? version) =>
        Matches(name, version) ? WriteJsonAsync(context, 200, json => Flag(json, "ready")) : NotFoundAsync(context, name, version);

    private bool Matches(string name, string? version) => name == served.Name && (version is null || version == served.Version);

    private string NotServed(string name, string? version) =>
        $"Model '{name}'{(version is null ? "" : $" version {version}")} is not served here; this server serves '{served.Name}' version {served.Version}.";

    private Task NotFoundAsync(HttpContext context, string name, string? version) =>
        WriteJsonAsync(context, 404, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", NotServed(name, version));
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

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonWriting);
        write(json);
        await json.FlushAsync().ConfigureAwait(false);
    }

    // Messages quote names ('input'); relaxed escaping keeps them readable instead of \u0027.
    private static readonly JsonWriterOptions JsonWriting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record HttpError(int Status, ErrorCode Code, string Message);

    private static HttpError? ToHttpError(Exception error) => error switch
    {
        GyreException gyre => new HttpError(gyre.HttpStatus, gyre.Code, gyre.Message),
        BadHttpRequestException bad => new HttpError(bad.StatusCode, ErrorCode.BAD_REQUEST, bad.Message),
        OperationCanceledException => null,
        _ => new HttpError(500, ErrorCode.INTERNAL_ERROR, $"Scoring failed: {error.Message}"),
    };
}
