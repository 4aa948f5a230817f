using System.Text.Json;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Serving.Caching;
using Gyre.Serving.Protocols;
using Microsoft.AspNetCore.Http;

namespace Gyre.Serving.Hosting;

/// <summary>
/// A request to a deployment with a prediction cache: its body read whole (the cache key hashes it), parsed
/// only on a miss, or when someone needs the rows of a hit (observers, mirrors).
/// </summary>
internal sealed class CachedRequest
{
    private const long OpenInferenceSalt = 0x2545F4914F6CDD1D;
    private const long CsvSalt = unchecked((long)0x9E3779B97F4A7C15);

    private readonly byte[] _body;
    private readonly int _length;

    private CachedRequest(byte[] body, int length, string? contentType, bool openInference)
    {
        _body = body;
        _length = length;
        ContentType = contentType;
        OpenInference = openInference;
    }

    public string? ContentType { get; }

    /// <summary>An Open Inference Protocol request (else MLflow's scoring protocol).</summary>
    public bool OpenInference { get; }

    public ReadOnlyMemory<byte> Body => _body.AsMemory(0, _length);

    public CacheKey Key { get; private set; }

    /// <summary>The outputs the cached answer was made from, on a hit.</summary>
    public IReadOnlyDictionary<string, Tensor>? HitOutputs { get; set; }

    public static async Task<CachedRequest> ReadAsync(HttpRequest request, bool openInference)
    {
        var length = request.ContentLength is { } given and > 0 and < int.MaxValue ? (int)given : 4096;
        using var buffer = new MemoryStream(length);
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        return new CachedRequest(buffer.GetBuffer(), (int)buffer.Length, request.ContentType, openInference);
    }

    /// <summary>The key of this body answered by <paramref name="variantSeed"/>'s model: the protocol and (for MLflow) CSV or JSON go into the seed.</summary>
    public CacheKey KeyFor(long variantSeed)
    {
        var seed = OpenInference ? variantSeed ^ OpenInferenceSalt : IsCsv ? variantSeed ^ CsvSalt : variantSeed;
        Key = PredictionCache.KeyOf(seed, Body.Span);
        return Key;
    }

    private bool IsCsv => ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Parses an MLflow scoring request as <c>/invocations</c> would from the stream.</summary>
    public ScoringRequest ParseMlflow()
    {
        var contentType = ContentType ?? "application/json";
        if (IsCsv)
        {
            using var stream = new MemoryStream(_body, 0, _length, writable: false);
            return new ScoringRequest(ScoringEndpoints.ToInputFrame(CsvTable.Read(stream)), null, null);
        }
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new GyreException(ErrorCode.BAD_REQUEST, $"Content type '{contentType}' is not supported; send application/json or text/csv.");
        using var document = ParseJson();
        return MlflowScoringParser.Parse(document.RootElement);
    }

    public JsonDocument ParseJson()
    {
        try
        {
            return JsonDocument.Parse(Body);
        }
        catch (JsonException error)
        {
            throw new GyreException(ErrorCode.MALFORMED_REQUEST, $"The request body is not valid JSON: {error.Message}");
        }
    }

    /// <summary>The rows of a request answered from the cache, for observers that read them; null if they do not parse.</summary>
    public DataFrame? ObservedInputs(ModelSignature signature)
    {
        try
        {
            if (!OpenInference) return ObservedData.Inputs(ParseMlflow().Frame, null);
            using var document = ParseJson();
            return ObservedData.Inputs(null, OpenInferenceProtocol.Parse(document.RootElement, signature).Inputs);
        }
        catch (GyreException)
        {
            return null;
        }
    }
}
