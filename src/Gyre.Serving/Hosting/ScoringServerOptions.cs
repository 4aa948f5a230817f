namespace Gyre.Serving.Hosting;

/// <summary>Where and how <c>gyre serve</c> listens.</summary>
public sealed record ScoringServerOptions
{
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 asks the operating system for a free port.</summary>
    public int Port { get; init; } = 5001;

    /// <summary>Requests with more rows than this are refused with 400, before scoring.</summary>
    public int MaxBatchRows { get; init; } = 100_000;

    /// <summary>Request bodies larger than this are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Score on the socket's I/O thread instead of handing each request to the thread pool (Kestrel's
    /// <c>UnsafePreferInlineScheduling</c> plus the runtime's inline socket completions). Scoring is short and
    /// CPU-bound, so the hand-offs only add context switches: on one core they were the single-row p99 tail
    /// (3-4 ms with hand-offs, 1.3-1.5 ms inline). Management calls still move to the thread pool. The socket
    /// setting is process-wide and only takes effect when set before the process opens its first socket, so
    /// <c>gyre serve</c> turns it on at start; off by default for hosts embedded in other processes.
    /// </summary>
    public bool InlineIo { get; init; }
}
