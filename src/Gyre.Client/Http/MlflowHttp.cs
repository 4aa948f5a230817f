using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gyre.Client.Protocol;
using Gyre.Core.Errors;

namespace Gyre.Client.Http;

/// <summary>
/// Sends MLflow REST calls: GET parameters in the query string, other methods as a JSON body (as MLflow's own
/// client does), server errors turned into <see cref="TrackingServerException"/>, and "try again" answers retried.
/// </summary>
internal sealed class MlflowHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TrackingClientOptions _options;

    public MlflowHttp(Uri trackingUri, TrackingClientOptions options, HttpClient? httpClient)
    {
        if (!trackingUri.IsAbsoluteUri || (trackingUri.Scheme != Uri.UriSchemeHttp && trackingUri.Scheme != Uri.UriSchemeHttps))
            throw GyreException.InvalidParameter($"Tracking URI '{trackingUri}' must be an absolute http:// or https:// URI.");
        BaseUri = new Uri(trackingUri.AbsoluteUri.TrimEnd('/') + "/");
        _options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = options.RequestTimeout };
    }

    public Uri BaseUri { get; }

    public Task<TResponse> GetAsync<TResponse>(string path, IEnumerable<KeyValuePair<string, string?>> query, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var url = path + QueryString(query);
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), responseType, idempotent: true, cancellationToken);
    }

    public Task<TResponse> SendJsonAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        return SendAsync(() =>
        {
            var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(json) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return request;
        }, responseType, idempotent: false, cancellationToken);
    }

    /// <summary>Sends a raw request (artifact up/download) and returns the successful response, unread.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(Func<HttpRequestMessage> createRequest, bool idempotent, CancellationToken cancellationToken)
    {
        var response = await SendWithRetriesAsync(createRequest, idempotent, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response) throw await ErrorFromAsync(response, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    private async Task<TResponse> SendAsync<TResponse>(Func<HttpRequestMessage> createRequest, JsonTypeInfo<TResponse> responseType, bool idempotent, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(createRequest, idempotent, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await ErrorFromAsync(response, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0) bytes = "{}"u8.ToArray();
        try
        {
            return JsonSerializer.Deserialize(bytes, responseType)
                ?? throw new GyreException(ErrorCode.INTERNAL_ERROR, $"The tracking server answered {response.RequestMessage?.RequestUri} with 'null'.");
        }
        catch (JsonException ex)
        {
            throw new GyreException(ErrorCode.INTERNAL_ERROR,
                $"The tracking server's answer to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} is not the MLflow JSON expected: {ex.Message}", ex);
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(Func<HttpRequestMessage> createRequest, bool idempotent, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = createRequest();
            request.RequestUri = new Uri(BaseUri, request.RequestUri!.OriginalString.TrimStart('/'));
            Authorize(request);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (idempotent && attempt < _options.MaxRetries)
            {
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException ex)
            {
                throw new GyreException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    $"Cannot reach the tracking server at {BaseUri}: {ex.Message}", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new GyreException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    $"The tracking server at {BaseUri} did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {_http.Timeout.TotalSeconds:0} s.", ex);
            }

            // 429 and 503 say the request was not processed, so a retry cannot duplicate it.
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && attempt < _options.MaxRetries)
            {
                response.Dispose();
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }
            return response;
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));

    private void Authorize(HttpRequestMessage request)
    {
        if (_options.Token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        else if (_options.Username is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.Username}:{_options.Password}")));
    }

    private static async Task<TrackingServerException> ErrorFromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ErrorMessage? error = null;
        try
        {
            if (body.TrimStart().StartsWith('{')) error = JsonSerializer.Deserialize(body, MlflowJsonContext.Default.ErrorMessage);
        }
        catch (JsonException)
        {
            // Not MLflow's error body (a proxy's HTML page, say): fall back to the HTTP status below.
        }

        var serverCode = error?.ErrorCode ?? CodeForStatus(status).ToString();
        var code = Enum.TryParse<ErrorCode>(serverCode, ignoreCase: false, out var known) && Enum.IsDefined(known) ? known : CodeForStatus(status);
        var where = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}";
        var message = error?.Message is { Length: > 0 } m
            ? m
            : $"The tracking server answered {where} with HTTP {status}{(body.Length > 0 ? ": " + Truncate(body, 300) : "")}";
        return new TrackingServerException(code, serverCode, status, message);
    }

    private static ErrorCode CodeForStatus(int status) => status switch
    {
        404 => ErrorCode.ENDPOINT_NOT_FOUND,
        401 or 403 => ErrorCode.PERMISSION_DENIED,
        429 or 503 => ErrorCode.TEMPORARILY_UNAVAILABLE,
        501 => ErrorCode.NOT_IMPLEMENTED,
        >= 500 => ErrorCode.INTERNAL_ERROR,
        _ => ErrorCode.BAD_REQUEST,
    };

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "...";

    private static string QueryString(IEnumerable<KeyValuePair<string, string?>> query)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in query)
        {
            if (value is null) continue;
            builder.Append(builder.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return builder.ToString();
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
