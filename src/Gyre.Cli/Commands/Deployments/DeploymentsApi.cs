using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gyre.Core.Errors;

namespace Gyre.Cli.Commands.Deployments;

/// <summary>A thin client of <c>/api/gyre/deployments</c>: JSON in, JSON out, server errors as GyreExceptions with the server's message.</summary>
internal sealed class DeploymentsApi(Uri server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };

    public Task<JsonDocument> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<JsonDocument> PostAsync(string path, string? body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, body, ct);

    public Task<JsonDocument> PutAsync(string path, string body, CancellationToken ct) => SendAsync(HttpMethod.Put, path, body, ct);

    public Task<JsonDocument> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, string? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, "api/gyre/deployments" + path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new GyreException(ErrorCode.TEMPORARILY_UNAVAILABLE, $"Cannot reach {_http.BaseAddress}: {e.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
            }
            catch (JsonException)
            {
                // Not JSON: reported below with the raw text.
            }
            if (response.IsSuccessStatusCode && document is not null) return document;
            var code = ErrorCode.INTERNAL_ERROR;
            var message = text;
            if (document is not null)
            {
                using (document)
                {
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        if (document.RootElement.TryGetProperty("error_code", out var c)) Enum.TryParse(c.GetString(), out code);
                        if (document.RootElement.TryGetProperty("message", out var m)) message = m.GetString() ?? text;
                    }
                }
            }
            if ((int)response.StatusCode == 404 && code == ErrorCode.INTERNAL_ERROR)
                message = $"{_http.BaseAddress} has no deployments API (HTTP 404); is it `gyre serve` or `gyre server --serve-models`?";
            throw new GyreException(code, $"HTTP {(int)response.StatusCode}: {message}");
        }
    }

    public void Dispose() => _http.Dispose();
}
