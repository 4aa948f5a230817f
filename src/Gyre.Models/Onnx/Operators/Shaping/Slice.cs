using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Slice: starts/ends/axes/steps as inputs (attributes before opset 10), clamped as numpy does.</summary>
public sealed class SliceOp(OnnxNode node) : OnnxKernel
{
    private readonly bool _attrs = node.Opset < 10;
    private readonly long[]? _starts = node.Opset < 10 ? node.Ints("starts") : null;
    private readonly long[]? _ends = node.Opset < 10 ? node.Ints("ends") : null;
    private readonly long[]? _axes = node.Opset < 10 ? node.Ints("axes") : null;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        long[] starts, ends;
        long[]? axes, steps = null;
        if (_attrs) { starts = _starts ?? throw ctx.Node.Error("starts is missing"); ends = _ends ?? throw ctx.Node.Error("ends is missing"); axes = _axes; }
        else
        {
            starts = Checks.Longs(ctx, ctx.In(1), "starts");
            ends = Checks.Longs(ctx, ctx.In(2), "ends");
            axes = ctx.Input(3) is { } a ? Checks.Longs(ctx, a, "axes") : null;
            steps = ctx.Input(4) is { } s ? Checks.Longs(ctx, s, "steps") : null;
        }
        if (ends.Length != starts.Length || (axes is not null && axes.Length != starts.Length) || (steps is not null && steps.Length != starts.Length))
            throw ctx.Node.Error("starts, ends, axes and steps must have the same length");
        var rank = x.Rank;
        var begin = new long[rank];
        var step = new long[rank];
        var count = x.ShapeArray();
        Array.Fill(step, 1);
        for (var k = 0; k < starts.Length; k++)
        {
            var axis = Checks.Axis(ctx, axes?[k] ?? k, rank);
            long dim = x.Dim(axis), st = steps?[k] ?? 1;
            if (st == 0) throw ctx.Node.Error("steps must not be 0");
            long s = starts[k], e = ends[k];
            if (s < 0) s += dim;
            if (e < 0) e += dim;
            if (st > 0) { s = System.Math.Clamp(s, 0, dim); e = System.Math.Clamp(e, 0, dim); }
            else { s = System.Math.Clamp(s, -1, dim - 1); e = System.Math.Clamp(e, -1, dim - 1); }
            begin[axis] = s;
            step[axis] = st;
            count[axis] = (int)System.Math.Max(0, st > 0 ? (e - s + st - 1) / st : (s - e + (-st) - 1) / -st);
        }
        var y = ctx.Alloc(x.Type, count);
        var inStrides = Broadcast.Strides(x.Shape, x.Shape);
        var strides = new long[rank];
        long start = 0;
        for (var i = 0; i < rank; i++)
        {
            strides[i] = step[i] * inStrides[i];
            if (count[i] > 0) start += begin[i] * inStrides[i];
        }
        StridedCopy.Run(x.Data, y.Data, count, strides, start);
        ctx.SetOutput(0, y);
    }
}
