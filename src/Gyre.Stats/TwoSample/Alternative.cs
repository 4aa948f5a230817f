namespace Gyre.Stats.TwoSample;

/// <summary>
/// The alternative hypothesis, named as scipy names it. For two-sample tests "less" and "greater" refer to
/// the first sample relative to the second (for KS: the first sample's ECDF against the second's, as scipy defines).
/// </summary>
public enum Alternative
{
    TwoSided,
    Less,
    Greater,
}
