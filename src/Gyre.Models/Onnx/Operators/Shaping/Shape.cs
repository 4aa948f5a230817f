using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Shape: the input's dims as int64, optionally the [start, end) range (opset 15).</summary>
public sealed class ShapeOp(OnnxNode node) : OnnxKernel
{
    private readonly long _start = node.Int("start", 0);
    private readonly long? _end = node.Has("end") ? node.Int("end", 0) : null;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var rank = x.Rank;
        long s = _start < 0 ? _start + rank : _start, e = _end is { } v ? (v < 0 ? v + rank : v) : rank;
        s = System.Math.Clamp(s, 0, rank);
        e = System.Math.Clamp(e, 0, rank);
        var n = (int)System.Math.Max(0, e - s);
        var y = ctx.Alloc(TensorType.Int64, [n]);
        for (var i = 0; i < n; i++) y.As<long>()[i] = x.Dim((int)s + i);
        ctx.SetOutput(0, y);
    }
}
