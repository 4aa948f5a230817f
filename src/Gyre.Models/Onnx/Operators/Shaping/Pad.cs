using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>
/// ONNX Pad: constant, reflect or edge padding. pads/value are attributes before opset 11 and inputs
/// after (with optional axes from opset 18); negative pads crop.
/// </summary>
public sealed class PadOp : OnnxKernel
{
    private readonly string _mode;
    private readonly long[]? _padsAttr;
    private readonly float _valueAttr;

    public PadOp(OnnxNode node)
    {
        _mode = node.String("mode", "constant");
        if (_mode is not ("constant" or "reflect" or "edge")) throw node.Unsupported($"mode '{_mode}'");
        if (node.Opset < 11)
        {
            _padsAttr = node.Ints("pads") ?? node.Ints("paddings") ?? throw node.Error("attribute pads is missing");
            _valueAttr = node.Float("value", 0f);
        }
    }

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var rank = x.Rank;
        var pads = new long[2 * rank];
        if (_padsAttr is not null) { if (_padsAttr.Length != 2 * rank) throw ctx.Node.Error($"pads has {_padsAttr.Length} values for rank {rank}"); pads = _padsAttr; }
        else
        {
            var given = Checks.Longs(ctx, ctx.In(1), "pads");
            var axes = ctx.Input(3) is { } a ? Checks.Longs(ctx, a, "axes").Select(v => Checks.Axis(ctx, v, rank)).ToArray() : Enumerable.Range(0, rank).ToArray();
            if (given.Length != 2 * axes.Length) throw ctx.Node.Error($"pads has {given.Length} values for {axes.Length} axes");
            for (var k = 0; k < axes.Length; k++) { pads[axes[k]] = given[k]; pads[axes[k] + rank] = given[k + axes.Length]; }
        }
        var value = ctx.Input(2);
        var shape = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = checked((int)(x.Dim(i) + pads[i] + pads[i + rank]));
            if (shape[i] < 0) throw ctx.Node.Error("pads crop more than the input holds");
            if (_mode != "constant" && x.Dim(i) == 0 && shape[i] > 0) throw ctx.Node.Error($"cannot {_mode}-pad an empty axis");
            if (_mode == "reflect" && (pads[i] >= x.Dim(i) || pads[i + rank] >= x.Dim(i)) && (pads[i] > 0 || pads[i + rank] > 0))
                throw ctx.Node.Error($"reflect padding on axis {i} must be smaller than its size {x.Dim(i)}");
        }
        var y = ctx.Alloc(x.Type, shape);
        // Fill value for constant mode.
        Array fill = value is not null && value.Length > 0 ? value.Data : x.Type == TensorType.Float32 ? new[] { _valueAttr } : Array.CreateInstance(x.Type.ElementClrType(), 1);
        if (x.Type == TensorType.String && (value is null || value.Length == 0)) fill = new string?[] { "" };
        var strides = Broadcast.Strides(x.Shape, x.Shape);
        Span<int> index = stackalloc int[rank];
        for (var o = 0; o < y.Length; o++)
        {
            var offset = 0;
            var inside = true;
            for (var i = 0; i < rank; i++)
            {
                long p = index[i] - pads[i];
                var n = x.Dim(i);
                if (p < 0 || p >= n)
                {
                    if (_mode == "constant") { inside = false; break; }
                    if (_mode == "edge") p = p < 0 ? 0 : n - 1;
                    else p = p < 0 ? -p : 2 * (n - 1) - p;
                }
                offset += (int)p * strides[i];
            }
            if (inside) Array.Copy(x.Data, offset, y.Data, o, 1);
            else Array.Copy(fill, 0, y.Data, o, 1);
            for (var i = rank - 1; i >= 0; i--)
            {
                if (++index[i] < shape[i]) break;
                index[i] = 0;
            }
        }
        ctx.SetOutput(0, y);
    }
}
