namespace Gyre.Stats.Sequential;

/// <summary>State of a sequential test.</summary>
public enum SprtDecision
{
    Continue,
    AcceptNull,
    AcceptAlternative,
}
