namespace Gyre.Charts.Html;

/// <summary>How a value should be coloured in a report: a pass, a problem, a warning or neutral information.</summary>
public enum Status
{
    Neutral,
    Ok,
    Warning,
    Failed,
}
