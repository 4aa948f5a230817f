using System.Collections.Concurrent;
using System.Net;

namespace Gyre.IntegrationTests.Deployments;

/// <summary>Several concurrent HTTP clients posting scoring requests until stopped, recording every answer.</summary>
internal sealed class LoadClients : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _clients;

    public LoadClients(Uri server, string path, int clients)
    {
        _clients = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
            for (var i = c; !_stop.IsCancellationRequested; i += clients)
            {
                var started = DateTimeOffset.UtcNow;
                try
                {
                    using var response = await http.PostAsync(path, ChurnRequests.Body(i), CancellationToken.None);
                    await response.Content.ReadAsStringAsync(CancellationToken.None);
                    Answers.Enqueue(new Answer(started, DateTimeOffset.UtcNow, response.StatusCode,
                        response.Headers.TryGetValues("x-gyre-variant", out var v) ? v.First() : "",
                        response.Headers.TryGetValues("x-gyre-model-version", out var m) ? m.First() : ""));
                }
                catch (HttpRequestException e)
                {
                    Answers.Enqueue(new Answer(started, DateTimeOffset.UtcNow, 0, "", e.Message));
                }
            }
        })).ToArray();
    }

    /// <summary>One request: when it was sent (<see cref="At"/>), when its answer was read, and what came back.</summary>
    public sealed record Answer(DateTimeOffset At, DateTimeOffset Answered, HttpStatusCode Status, string Variant, string Version);

    public ConcurrentQueue<Answer> Answers { get; } = new();

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
