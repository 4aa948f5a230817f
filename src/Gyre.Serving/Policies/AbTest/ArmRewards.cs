namespace Gyre.Serving.Policies.AbTest;

/// <summary>
/// Rewards reported for one arm: count, sum, how many were 1 (conversions) and whether every one was 0 or 1,
/// plus the most recent ones for a Welch t-test. Thread-safe.
/// </summary>
internal sealed class ArmRewards(int maxSamples)
{
    private readonly Lock _gate = new();
    private readonly double[] _recent = new double[maxSamples];
    private int _next;
    private int _count;
    private long _rewards;
    private long _conversions;
    private double _sum;
    private bool _binary = true;

    public void Add(double reward)
    {
        lock (_gate)
        {
            _rewards++;
            _sum += reward;
            if (reward == 1) _conversions++;
            else if (reward != 0) _binary = false;
            _recent[_next] = reward;
            _next = (_next + 1) % _recent.Length;
            if (_count < _recent.Length) _count++;
        }
    }

    public Snapshot Take()
    {
        lock (_gate)
        {
            var recent = new double[_count];
            var start = _count < _recent.Length ? 0 : _next;
            for (var i = 0; i < _count; i++) recent[i] = _recent[(start + i) % _recent.Length];
            return new Snapshot(_rewards, _conversions, _sum, _binary, recent);
        }
    }

    public sealed record Snapshot(long Rewards, long Conversions, double Sum, bool Binary, double[] Recent)
    {
        public double? Mean => Rewards == 0 ? null : Sum / Rewards;
    }
}
