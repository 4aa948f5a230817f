using System.Net.Http.Headers;
using System.Text;

namespace Gyre.Serving.Observability.Alerts;

/// <summary>
/// POSTs each alert as JSON to a URL. Each attempt has a timeout; failures (network errors, timeouts,
/// 5xx, 408, 429) are retried with exponential backoff (1 s, 2 s, 4 s, ...) up to the attempt limit; other
/// 4xx answers are final. Runs on the dispatcher's loop, so a slow receiver never delays scoring.
/// </summary>
public sealed class WebhookAlertSink(HttpClient http, Uri url, TimeSpan timeout, int maxAttempts, TimeSpan? initialBackoff = null) : IAlertSink
{
    private readonly TimeSpan _backoff = initialBackoff ?? TimeSpan.FromSeconds(1);

    public string Name => $"webhook {url}";

    public async Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(alert.ToJson());
        var delay = _backoff;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            var retryable = true;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(timeout);
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                    request.Headers.Add("x-gyre-alert-kind", alert.Kind);
                    using var response = await http.SendAsync(request, attemptTimeout.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode) return;
                    var code = (int)response.StatusCode;
                    failure = $"{Name} answered {code} {response.ReasonPhrase}";
                    retryable = code is >= 500 or 408 or 429;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"{Name} did not answer within {timeout.TotalSeconds:0.###} s";
                }
                catch (HttpRequestException e)
                {
                    failure = $"{Name} failed: {e.Message}";
                }
            }
            if (!retryable || attempt >= maxAttempts)
                throw new HttpRequestException($"{failure} (gave up after {attempt} attempt{(attempt == 1 ? "" : "s")})");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }
}
