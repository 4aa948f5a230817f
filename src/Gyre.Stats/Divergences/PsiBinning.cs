namespace Gyre.Stats.Divergences;

/// <summary>How PSI bins are laid out; both use reference percentiles as breakpoints.</summary>
public enum PsiBinning
{
    /// <summary>
    /// Default: the first bin is open below and the last open above, so current values outside the reference
    /// range are counted (a widening spread raises PSI instead of being dropped).
    /// </summary>
    OpenEnded,

    /// <summary>
    /// The reference algorithm (numpy.percentile breakpoints + numpy.histogram): values outside
    /// [reference min, reference max] are not counted, so the current fractions can sum to less than 1.
    /// </summary>
    ReferenceRange,
}
