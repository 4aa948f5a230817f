namespace Gyre.Bench.TrackingLoad;

/// <summary>
/// Lets `perf record --control fifo:CTL,ACK -D -1` sample only the measured phases: with GYRE_PERF_CONTROL
/// naming perf's control fifo (and GYRE_PERF_ACK its ack fifo), each measured phase enables sampling and then
/// disables it, so server start-up, closing and the quiet-machine waits stay out of the profile.
/// </summary>
internal static class PerfControl
{
    private static readonly string? ControlFifo = Environment.GetEnvironmentVariable("GYRE_PERF_CONTROL");
    private static readonly string? AckFifo = Environment.GetEnvironmentVariable("GYRE_PERF_ACK");

    public static void Enable() => Send("enable");

    public static void Disable() => Send("disable");

    private static void Send(string command)
    {
        if (string.IsNullOrEmpty(ControlFifo)) return;
        File.WriteAllText(ControlFifo, command + "\n");
        // Wait for perf to act on it, so the phase's first requests are sampled.
        if (string.IsNullOrEmpty(AckFifo)) return;
        using var ack = new StreamReader(AckFifo);
        ack.ReadLine();
    }
}
