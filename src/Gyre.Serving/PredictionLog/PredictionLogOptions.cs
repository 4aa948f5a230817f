using Gyre.Core.Errors;

namespace Gyre.Serving.PredictionLog;

/// <summary>How much the prediction log keeps: a sample of the traffic, in rotated files of bounded size.</summary>
public sealed record PredictionLogOptions
{
    /// <summary>The share of rows logged, 0..1.</summary>
    public double SampleRate { get; init; } = 1.0;

    public long MaxFileBytes { get; init; } = 64L << 20;

    /// <summary>Rotated files kept; the oldest beyond this are deleted.</summary>
    public int MaxFiles { get; init; } = 16;

    /// <summary>Records waiting to be written; beyond this new records are dropped (and counted), never blocking a request.</summary>
    public int QueueCapacity { get; init; } = 100_000;

    public void Validate()
    {
        if (!(SampleRate is >= 0 and <= 1)) throw GyreException.InvalidParameter($"Prediction log sample rate must be in [0, 1], got {SampleRate}.");
        if (MaxFileBytes < 1024) throw GyreException.InvalidParameter("Prediction log files must be allowed at least 1 KiB.");
        if (MaxFiles < 1) throw GyreException.InvalidParameter("The prediction log must keep at least one file.");
        if (QueueCapacity < 1) throw GyreException.InvalidParameter("The prediction log queue needs a capacity of at least 1.");
    }
}
