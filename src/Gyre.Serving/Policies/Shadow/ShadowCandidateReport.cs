namespace Gyre.Serving.Policies.Shadow;

/// <summary>A candidate's standing against the primary: mirror health, agreement and the paired t-test.</summary>
public sealed record ShadowCandidateReport
{
    public required string Candidate { get; init; }

    public long MirroredRequests { get; init; }

    public long MirrorErrors { get; init; }

    /// <summary>Mirrored requests whose primary answer arrived too (whatever their status).</summary>
    public long PairedRequests { get; init; }

    /// <summary>Pairs where both succeeded and carried predictions.</summary>
    public long ComparedRequests { get; init; }

    /// <summary>Compared requests where every row agreed.</summary>
    public long AgreedRequests { get; init; }

    public long ComparedRows { get; init; }

    public long AgreedRows { get; init; }

    public long MirrorFailedPairs { get; init; }

    public long PrimaryFailedPairs { get; init; }

    /// <summary>Pairs whose answers had different row counts (counted as disagreeing requests).</summary>
    public long ShapeMismatches { get; init; }

    public double? MirrorLatencyP50Ms { get; init; }

    public double? MirrorLatencyP99Ms { get; init; }

    public required ShadowTTest TTest { get; init; }

    /// <summary>Agreeing rows over compared rows; null before any row was compared.</summary>
    public double? AgreementRate => ComparedRows == 0 ? null : (double)AgreedRows / ComparedRows;

    /// <summary>Requests whose every row agreed, over compared requests; null before any.</summary>
    public double? RequestAgreementRate => ComparedRequests == 0 ? null : (double)AgreedRequests / ComparedRequests;

    public double? MirrorErrorRate => MirroredRequests == 0 ? null : (double)MirrorErrors / MirroredRequests;
}

/// <summary>
/// The paired t-test of mirror against primary on the chosen metric (difference = mirror - primary). Statistic and
/// p-value are null, with a <see cref="Note"/>, when fewer than two pairs exist or every difference is the same.
/// </summary>
public sealed record ShadowTTest(
    ShadowMetric Metric, int Samples, double? MeanDifference, double? Statistic, double? PValue, double? DegreesOfFreedom, string? Note)
{
    internal static ShadowTTest Empty(ShadowMetric metric, int samples = 0) => new(metric, samples, null, null, null, null, "fewer than two pairs so far");
}
