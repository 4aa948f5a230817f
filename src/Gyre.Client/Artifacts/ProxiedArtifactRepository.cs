using System.Net.Http.Headers;
using System.Text.Json;
using Gyre.Artifacts;
using Gyre.Client.Http;
using Gyre.Client.Protocol;
using Gyre.Core.Errors;

namespace Gyre.Client.Artifacts;

/// <summary>
/// Artifacts under an <c>mlflow-artifacts:/...</c> root, reached through the tracking server's artifact proxy
/// (<c>/api/2.0/mlflow-artifacts/artifacts/...</c>), as MLflow's client does when the server serves artifacts.
/// </summary>
internal sealed class ProxiedArtifactRepository : IArtifactRepository
{
    private const string ProxyApi = "api/2.0/mlflow-artifacts/artifacts";
    private readonly MlflowHttp _http;
    private readonly string _rootPath;

    /// <param name="rootPath">The path part of the <c>mlflow-artifacts:</c> URI, without leading '/'.</param>
    public ProxiedArtifactRepository(MlflowHttp http, string rootUri, string rootPath)
    {
        _http = http;
        RootUri = rootUri;
        _rootPath = rootPath.Trim('/');
    }

    public string RootUri { get; }

    /// <summary>Parses <c>mlflow-artifacts:/a/b</c> and <c>mlflow-artifacts://host:port/a/b</c> to the path "a/b".</summary>
    public static string PathOf(string uri)
    {
        var rest = uri["mlflow-artifacts:".Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? "" : rest[slash..];
        }
        return Uri.UnescapeDataString(rest.Trim('/'));
    }

    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        var url = FileUrl(ArtifactPath.ValidateFile(path));
        // The body can be sent only once, so an upload is not retried.
        using var response = await _http.SendRawAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new BorrowedStreamContent(content) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, idempotent: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(localFile))
            throw GyreException.NotFound($"Local file '{localFile}' does not exist.");
        await using var input = File.OpenRead(localFile);
        await PutAsync(path, input, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var url = FileUrl(ArtifactPath.ValidateFile(path));
        var response = await _http.SendRawAsync(() => new HttpRequestMessage(HttpMethod.Get, url), idempotent: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<bool> FileExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        var relative = ArtifactPath.ValidateFile(path);
        var slash = relative.LastIndexOf('/');
        var parent = slash < 0 ? "" : relative[..slash];
        var entries = await ListAsync(parent, cancellationToken).ConfigureAwait(false);
        return entries.Any(e => !e.IsDir && e.Path == relative);
    }

    public async Task<IReadOnlyList<ArtifactFileInfo>> ListAsync(string? directory = null, CancellationToken cancellationToken = default)
    {
        var relative = ArtifactPath.Validate(directory);
        var full = ArtifactPath.Combine(_rootPath, relative).Trim('/');
        using var response = await _http.SendRawAsync(
            () => new HttpRequestMessage(HttpMethod.Get, ProxyApi + "?path=" + Uri.EscapeDataString(full)), idempotent: true, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        ListArtifactsResponse? listing;
        try
        {
            listing = body.Length == 0 ? null : JsonSerializer.Deserialize(body, MlflowJsonContext.Default.ListArtifactsResponse);
        }
        catch (JsonException ex)
        {
            throw new GyreException(ErrorCode.INTERNAL_ERROR, $"The artifact proxy's listing of '{full}' is not MLflow JSON: {ex.Message}", ex);
        }
        // The proxy answers with base names; callers get paths relative to the run's artifact root.
        var entries = (listing?.Files ?? [])
            .Select(f => new ArtifactFileInfo(ArtifactPath.Combine(relative, f.Path[(f.Path.LastIndexOf('/') + 1)..]), f.IsDir, f.IsDir ? null : f.FileSize))
            .ToList();
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    public async Task DeleteAsync(string? path, CancellationToken cancellationToken = default)
    {
        var relative = ArtifactPath.Validate(path);
        var url = FileUrl(relative);
        using var response = await _http.SendRawAsync(() => new HttpRequestMessage(HttpMethod.Delete, url), idempotent: false, cancellationToken).ConfigureAwait(false);
    }

    private string FileUrl(string relative)
    {
        var full = ArtifactPath.Combine(_rootPath, relative).Trim('/');
        return ProxyApi + "/" + string.Join('/', full.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>Request content read from a stream the caller still owns (StreamContent would dispose it).</summary>
    private sealed class BorrowedStreamContent(Stream content) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => content.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
            content.CopyToAsync(stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = content.CanSeek ? content.Length - content.Position : -1;
            return content.CanSeek;
        }
    }

    /// <summary>A response body that disposes its response with it.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.Content.Headers.ContentLength ?? throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
