namespace Gyre.Tracking;

/// <summary>How a tracking store is opened.</summary>
public sealed record TrackingStoreOptions
{
    /// <summary>Root under which experiments get their artifact location (<c>&lt;root&gt;/&lt;experiment id&gt;</c>).</summary>
    public string DefaultArtifactRoot { get; init; } = "./mlruns";

    /// <summary>Clock for creation and update times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// SQLite only: fsync every commit (survives power loss). Off, commits still survive a killed process
    /// (WAL with synchronous=NORMAL).
    /// </summary>
    public bool SqliteFullSync { get; init; }
}
