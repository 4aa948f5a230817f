using System.Numerics.Tensors;

namespace Gyre.Core.Data;

/// <summary>A numeric column; NaN marks a missing value.</summary>
public sealed class DoubleColumn(string name, double[] values) : Column(name)
{
    private int _nullCount = -1;

    public double[] Values { get; } = values;

    public override int Length => Values.Length;

    public override ColumnKind Kind => ColumnKind.Double;

    public override int NullCount => _nullCount >= 0 ? _nullCount : _nullCount = CountNaN(Values);

    public override bool IsNull(int row) => double.IsNaN(Values[row]);

    public override object? GetValue(int row) => double.IsNaN(Values[row]) ? null : Values[row];

    public override Column Rename(string newName) => new DoubleColumn(newName, Values);

    public override Column Take(ReadOnlySpan<int> rows)
    {
        var taken = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++) taken[i] = Values[rows[i]];
        return new DoubleColumn(Name, taken);
    }

    /// <summary>The non-missing values, in row order.</summary>
    public double[] NonMissing()
    {
        if (NullCount == 0) return (double[])Values.Clone();
        var result = new double[Values.Length - NullCount];
        var n = 0;
        foreach (var v in Values) if (!double.IsNaN(v)) result[n++] = v;
        return result;
    }

    private static int CountNaN(double[] values)
    {
        // NaN is the only value not equal to itself; count without branching per element.
        var count = 0;
        foreach (var v in values) count += double.IsNaN(v) ? 1 : 0;
        return count;
    }

    /// <summary>The sum of the non-missing values (vectorised when nothing is missing).</summary>
    public double Sum() => NullCount == 0 ? TensorPrimitives.Sum<double>(Values) : NonMissing().Sum();
}
