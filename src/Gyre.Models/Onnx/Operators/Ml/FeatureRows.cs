using System.Numerics;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>
/// The [N, F] (or [F]) numeric input of an ai.onnx.ml operator, read as double without copying;
/// float32 values widen exactly, so comparisons in double match comparisons in float32.
/// </summary>
public readonly struct FeatureRows
{
    private readonly float[]? _f;
    private readonly double[]? _d;
    private readonly long[]? _l;
    private readonly int[]? _i;

    public FeatureRows(KernelContext ctx, Tensor x)
    {
        switch (x.Type)
        {
            case TensorType.Float32: _f = x.As<float>(); break;
            case TensorType.Float64: _d = x.As<double>(); break;
            case TensorType.Int64: _l = x.As<long>(); break;
            case TensorType.Int32: _i = x.As<int>(); break;
            default: throw ctx.Node.Error($"input must be numeric but is {x.Type.ToName()}");
        }
        Rows = x.Rank <= 1 ? 1 : x.Dim(0);
        Features = x.Rank == 0 ? 1 : x.Rank == 1 ? x.Dim(0) : x.Dim(1);
        if (x.Rank > 2) throw ctx.Node.Error($"input must be [N, F] but has rank {x.Rank}");
    }

    public int Rows { get; }
    public int Features { get; }

    public double this[int row, int feature]
    {
        get
        {
            var i = row * Features + feature;
            return _f is not null ? _f[i] : _d is not null ? _d[i] : _l is not null ? _l[i] : _i![i];
        }
    }

    /// <summary>Copies one row into <paramref name="dst"/> (length Features).</summary>
    public void Row(int row, Span<double> dst)
    {
        var start = row * Features;
        if (_f is not null) Widen(_f.AsSpan(start, Features), dst);
        else if (_d is not null) _d.AsSpan(start, Features).CopyTo(dst);
        else if (_l is not null) Widen(_l.AsSpan(start, Features), dst);
        else Widen(_i!.AsSpan(start, Features), dst);
    }

    private static void Widen<T>(ReadOnlySpan<T> src, Span<double> dst) where T : INumberBase<T>
    {
        for (var i = 0; i < src.Length; i++) dst[i] = double.CreateTruncating(src[i]);
    }
}
