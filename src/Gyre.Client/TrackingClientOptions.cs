namespace Gyre.Client;

/// <summary>How a <see cref="TrackingClient"/> talks to the server and batches what runs log.</summary>
public sealed record TrackingClientOptions
{
    /// <summary>Bearer token (MLFLOW_TRACKING_TOKEN).</summary>
    public string? Token { get; init; }

    /// <summary>Basic-auth user (MLFLOW_TRACKING_USERNAME) and password (MLFLOW_TRACKING_PASSWORD).</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries for answers that say "try again" (429, 503) and for dropped connections on idempotent reads.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>A run's buffered metrics, params and tags are sent whenever this many are waiting (1 to 1000)...</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>...and in any case every this often, so nothing waits longer than about one interval.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The folder whose git commit and dirty state runs record (default: the current directory, then the
    /// entry assembly's folder).</summary>
    public string? SourceDirectory { get; init; }

    /// <summary>The clock used for metric timestamps and run start/end times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Options with credentials read from MLflow's environment variables.</summary>
    public static TrackingClientOptions FromEnvironment() => new()
    {
        Token = NullIfEmpty(Environment.GetEnvironmentVariable("MLFLOW_TRACKING_TOKEN")),
        Username = NullIfEmpty(Environment.GetEnvironmentVariable("MLFLOW_TRACKING_USERNAME")),
        Password = NullIfEmpty(Environment.GetEnvironmentVariable("MLFLOW_TRACKING_PASSWORD")),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
