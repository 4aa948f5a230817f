namespace Gyre.Monitoring.Slo;

/// <summary>What makes an event good: it succeeded (availability), or it was fast enough (latency).</summary>
public enum SloKind
{
    Availability,
    Latency,
}
