using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

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
        if (pads.All(p => p == 0))
        {
            // Exporters often emit all-zero pads (PyTorch's AvgPool); the result is the input itself.
            ctx.SetOutput(0, new Tensor(x.Type, x.Shape, x.Data));
            return;
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
        switch (x.Data)
        {
            case float[] f: Fill(f, y.As<float>(), value is { Length: > 0 } ? value.As<float>()[0] : _valueAttr, x.Shape, shape, pads); break;
            case double[] d: Fill(d, y.As<double>(), value is { Length: > 0 } ? value.As<double>()[0] : 0d, x.Shape, shape, pads); break;
            case long[] l: Fill(l, y.As<long>(), value is { Length: > 0 } ? value.As<long>()[0] : 0L, x.Shape, shape, pads); break;
            case int[] n: Fill(n, y.As<int>(), value is { Length: > 0 } ? value.As<int>()[0] : 0, x.Shape, shape, pads); break;
            case bool[] bo: Fill(bo, y.As<bool>(), value is { Length: > 0 } && value.As<bool>()[0], x.Shape, shape, pads); break;
            case string?[] st: Fill(st, y.As<string?>(), value is { Length: > 0 } ? value.As<string?>()[0] : "", x.Shape, shape, pads); break;
        }
        ctx.SetOutput(0, y);
    }

    private void Fill<T>(T[] src, T[] dst, T constant, ReadOnlySpan<int> inShape, int[] shape, long[] pads)
    {
        var rank = shape.Length;
        var strides = Broadcast.Strides(inShape, inShape);
        Span<int> index = stackalloc int[rank];
        for (var o = 0; o < dst.Length; o++)
        {
            var offset = 0;
            var inside = true;
            for (var i = 0; i < rank; i++)
            {
                long p = index[i] - pads[i];
                var n = inShape[i];
                if (p < 0 || p >= n)
                {
                    if (_mode == "constant") { inside = false; break; }
                    if (_mode == "edge") p = p < 0 ? 0 : n - 1;
                    else p = p < 0 ? -p : 2 * (n - 1) - p;
                }
                offset += (int)p * strides[i];
            }
            dst[o] = inside ? src[offset] : constant;
            for (var i = rank - 1; i >= 0; i--)
            {
                if (++index[i] < shape[i]) break;
                index[i] = 0;
            }
        }
    }
}
