namespace Gyre.Monitoring.Drift.Windows;

/// <summary>Size and movement of a streaming drift window.</summary>
public sealed record DriftWindowOptions
{
    /// <summary>Rows per window.</summary>
    public int Size { get; init; } = 1000;

    public WindowMode Mode { get; init; } = WindowMode.Fixed;

    /// <summary>Sliding windows only: compare after every this many new rows (once the window is full).</summary>
    public int Step { get; init; } = 100;
}
