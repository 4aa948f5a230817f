namespace Gyre.Serving.Observability.Feedback;

/// <summary>
/// The mean of the last <c>window</c> values (0/1 correctness or rewards), and the mean of the first full
/// window, kept as the baseline that later windows are compared with. Not thread-safe: the caller locks.
/// </summary>
internal sealed class RollingMean(int window)
{
    private readonly double[] _values = new double[window];
    private int _next;
    private int _count;
    private double _sum;

    public long Total { get; private set; }

    public int Count => _count;

    public bool IsFull => _count == _values.Length;

    public double Mean => _count == 0 ? double.NaN : _sum / _count;

    /// <summary>The mean of the first full window; null until one filled.</summary>
    public double? Baseline { get; private set; }

    public void Add(double value)
    {
        if (_count == _values.Length) _sum -= _values[_next];
        else _count++;
        _values[_next] = value;
        _sum += value;
        _next = (_next + 1) % _values.Length;
        Total++;
        // Recomputed once per lap so rounding from the running sum never accumulates.
        if (_next == 0) _sum = _values.Sum();
        if (Baseline is null && IsFull) Baseline = Mean;
    }
}
