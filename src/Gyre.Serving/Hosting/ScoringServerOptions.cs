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
}
