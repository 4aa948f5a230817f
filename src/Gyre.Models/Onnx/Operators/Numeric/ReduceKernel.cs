using System.Numerics;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Numeric;

public enum ReduceKind { Sum, Mean, Max, Min, Prod, SumSquare, L1, L2, LogSumExp }

/// <summary>
/// Shared body of the ONNX Reduce* operators. Axes come from the attribute, or from input 1 for ReduceSum since opset 13
/// and the others since opset 18; keepdims and noop_with_empty_axes as specified. Accumulates in double.
/// </summary>
public abstract class ReduceKernel(OnnxNode node, ReduceKind kind, int axesInputSince) : OnnxKernel
{
    private readonly bool _axesAsInput = node.Opset >= axesInputSince;
    private readonly long[]? _axesAttr = node.Ints("axes");
    private readonly bool _keepDims = node.Int("keepdims", 1) != 0;
    private readonly bool _noopWithEmptyAxes = node.Int("noop_with_empty_axes", 0) != 0;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var axes = _axesAsInput ? (ctx.Input(1) is { } a ? Checks.Longs(ctx, a, "axes") : null) : _axesAttr;
        if ((axes is null || axes.Length == 0) && _noopWithEmptyAxes)
        {
            ctx.SetOutput(0, Unary.Copy(ctx, x));
            return;
        }
        var reduce = new bool[x.Rank];
        if (axes is null || axes.Length == 0) Array.Fill(reduce, true);
        else foreach (var ax in axes) reduce[Checks.Axis(ctx, ax, x.Rank)] = true;

        var outShape = new List<int>();
        var fullShape = new int[x.Rank];
        for (var i = 0; i < x.Rank; i++)
        {
            fullShape[i] = reduce[i] ? 1 : x.Dim(i);
            if (!reduce[i] || _keepDims) outShape.Add(fullShape[i]);
        }
        var y = ctx.Alloc(x.Type, outShape.ToArray());
        switch (x.Type)
        {
            case TensorType.Float32: Compute(ctx, x.As<float>(), x.Shape, fullShape, y.As<float>()); break;
            case TensorType.Float64: Compute(ctx, x.As<double>(), x.Shape, fullShape, y.As<double>()); break;
            case TensorType.Int64: Compute(ctx, x.As<long>(), x.Shape, fullShape, y.As<long>()); break;
            case TensorType.Int32: Compute(ctx, x.As<int>(), x.Shape, fullShape, y.As<int>()); break;
            default: throw Checks.UnsupportedType(ctx, x);
        }
        ctx.SetOutput(0, y);
    }

    private void Compute<T>(KernelContext ctx, T[] x, ReadOnlySpan<int> shape, int[] reducedShape, T[] y) where T : INumber<T>
    {
        var count = y.Length == 0 ? 0 : x.Length / y.Length;
        if (count == 0 && x.Length == 0 && y.Length > 0 && kind is ReduceKind.Max or ReduceKind.Min)
            throw ctx.Node.Error("cannot take the max/min of an empty set");
        var acc = new double[y.Length];
        var seen = new bool[y.Length];
        var outStrides = Broadcast.Strides(reducedShape, shape);
        Span<int> index = stackalloc int[shape.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var o = 0;
            for (var d = 0; d < shape.Length; d++) o += index[d] * outStrides[d];
            var v = double.CreateTruncating(x[i]);
            switch (kind)
            {
                case ReduceKind.Max: acc[o] = seen[o] ? System.Math.Max(acc[o], v) : v; break;
                case ReduceKind.Min: acc[o] = seen[o] ? System.Math.Min(acc[o], v) : v; break;
                case ReduceKind.Prod: acc[o] = seen[o] ? acc[o] * v : v; break;
                case ReduceKind.SumSquare or ReduceKind.L2: acc[o] += v * v; break;
                case ReduceKind.L1: acc[o] += System.Math.Abs(v); break;
                case ReduceKind.LogSumExp: acc[o] += System.Math.Exp(v); break;
                default: acc[o] += v; break;
            }
            seen[o] = true;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        for (var o = 0; o < y.Length; o++)
        {
            var v = kind switch
            {
                ReduceKind.Mean => acc[o] / count,
                ReduceKind.L2 => System.Math.Sqrt(acc[o]),
                ReduceKind.LogSumExp => System.Math.Log(acc[o]),
                ReduceKind.Prod when !seen[o] => 1,
                ReduceKind.Max when !seen[o] => double.NegativeInfinity,
                ReduceKind.Min when !seen[o] => double.PositiveInfinity,
                _ => acc[o],
            };
            y[o] = typeof(T) == typeof(float) || typeof(T) == typeof(double) ? T.CreateTruncating(v) : T.CreateSaturating(System.Math.Floor(v));
        }
    }
}
