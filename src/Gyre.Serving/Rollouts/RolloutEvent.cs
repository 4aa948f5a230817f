namespace Gyre.Serving.Rollouts;

/// <summary>
/// An automatic decision with the evidence behind it, kept so that people can see why traffic moved:
/// what was decided, at which stage, the counts, the statistic and the threshold it was held against.
/// </summary>
public sealed record RolloutEvent(
    DateTimeOffset Timestamp,
    string Decision,
    int Stage,
    double CandidatePercent,
    string Reason,
    IReadOnlyDictionary<string, double> Evidence);
