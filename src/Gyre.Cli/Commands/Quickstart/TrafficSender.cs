using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Gyre.Core.Data;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>
/// Simulated clients: real HTTP requests to a deployment's MLflow scoring route
/// (<c>POST /deployments/{name}/invocations</c>, <c>dataframe_split</c> bodies of a few rows each), a few
/// in flight at a time. Counts answers by status and by the variant that answered (<c>x-gyre-variant</c>).
/// </summary>
internal sealed class TrafficSender(HttpClient http, string deployment, DataFrame features, int rowsPerRequest, int concurrency = 4)
{
    /// <summary>
    /// A pause after each request per client, so the simulated clients do not take every core of a shared
    /// machine from the server they test (about 4 x 1000/2 = 2000 requests a second at most).
    /// </summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromMilliseconds(2);

    private readonly string[] _bodies = BuildBodies(features, rowsPerRequest);
    private int _next;

    public int Sent => _sent;
    public int Succeeded => _succeeded;
    public int Failed => _sent - _succeeded;
    public ConcurrentDictionary<string, int> ByVariant { get; } = new(StringComparer.Ordinal);
    public string? LastError { get; private set; }

    private int _sent;
    private int _succeeded;
    private readonly ConcurrentBag<double> _milliseconds = [];

    /// <summary>The p99 of request latency seen by the clients, in milliseconds (NaN before any request).</summary>
    public double P99Milliseconds
    {
        get
        {
            var sorted = _milliseconds.ToArray();
            if (sorted.Length == 0) return double.NaN;
            Array.Sort(sorted);
            return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.99 * sorted.Length) - 1)];
        }
    }

    /// <summary>Sends <paramref name="requests"/> requests (or until cancelled when null), reporting each completed one.</summary>
    public async Task SendAsync(int? requests, Action<int>? progress, CancellationToken cancellationToken)
    {
        var remaining = requests ?? int.MaxValue;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested && Interlocked.Decrement(ref remaining) >= 0)
            {
                var body = _bodies[(int)((uint)Interlocked.Increment(ref _next) % (uint)_bodies.Length)];
                await SendOneAsync(body, cancellationToken);
                progress?.Invoke(_sent);
                if (Pause > TimeSpan.Zero) await Task.Delay(Pause, cancellationToken);
            }
        });
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Background traffic ends when its caller is done with it.
        }
    }

    private async Task SendOneAsync(string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync($"deployments/{Uri.EscapeDataString(deployment)}/invocations", content, cancellationToken);
            _milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Interlocked.Increment(ref _sent);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _succeeded);
                var variant = response.Headers.TryGetValues("x-gyre-variant", out var values) ? values.First() : "(unnamed)";
                ByVariant.AddOrUpdate(variant, 1, (_, n) => n + 1);
            }
            else
            {
                LastError = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
        }
        catch (HttpRequestException e)
        {
            Interlocked.Increment(ref _sent);
            LastError = e.Message;
        }
    }

    /// <summary>Pre-built request bodies: consecutive slices of the rows, as MLflow's dataframe_split.</summary>
    private static string[] BuildBodies(DataFrame features, int rowsPerRequest)
    {
        var columns = features.Columns.Cast<DoubleColumn>().ToArray();
        var header = "{\"dataframe_split\":{\"columns\":[" + string.Join(",", columns.Select(c => "\"" + c.Name + "\"")) + "],\"data\":[";
        var bodies = new List<string>();
        for (var start = 0; start + rowsPerRequest <= features.RowCount; start += rowsPerRequest)
        {
            var text = new StringBuilder(header);
            for (var r = start; r < start + rowsPerRequest; r++)
            {
                if (r > start) text.Append(',');
                text.Append('[');
                for (var c = 0; c < columns.Length; c++)
                {
                    if (c > 0) text.Append(',');
                    var value = columns[c].Values[r];
                    text.Append(double.IsNaN(value) ? "null" : value.ToString("R", CultureInfo.InvariantCulture));
                }
                text.Append(']');
            }
            bodies.Add(text.Append("]}}").ToString());
        }
        return bodies.Count > 0 ? bodies.ToArray() : throw new InvalidOperationException("No rows to send.");
    }
}
