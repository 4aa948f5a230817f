using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Clip: min(max(x, lo), hi). Bounds are attributes before opset 11 and optional inputs after.</summary>
public sealed class ClipOp(OnnxNode node) : OnnxKernel
{
    private readonly bool _boundsAsInputs = node.Opset >= 11;
    private readonly float _min = node.Float("min", float.MinValue);
    private readonly float _max = node.Float("max", float.MaxValue);

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var y = ctx.Alloc(x.Type, x.Shape);
        var lo = _boundsAsInputs ? ctx.Input(1) : null;
        var hi = _boundsAsInputs ? ctx.Input(2) : null;
        switch (x.Type)
        {
            case TensorType.Float32: Clamp(x.As<float>(), y.As<float>(), lo?.As<float>()[0] ?? (_boundsAsInputs ? float.NegativeInfinity : _min), hi?.As<float>()[0] ?? (_boundsAsInputs ? float.PositiveInfinity : _max)); break;
            case TensorType.Float64: Clamp(x.As<double>(), y.As<double>(), lo?.As<double>()[0] ?? double.NegativeInfinity, hi?.As<double>()[0] ?? double.PositiveInfinity); break;
            case TensorType.Int64: Clamp(x.As<long>(), y.As<long>(), lo?.As<long>()[0] ?? long.MinValue, hi?.As<long>()[0] ?? long.MaxValue); break;
            case TensorType.Int32: Clamp(x.As<int>(), y.As<int>(), lo?.As<int>()[0] ?? int.MinValue, hi?.As<int>()[0] ?? int.MaxValue); break;
            default: throw ctx.Node.Error($"element type {x.Type.ToName()} is not supported");
        }
        ctx.SetOutput(0, y);
    }

    private static void Clamp<T>(T[] x, T[] y, T lo, T hi) where T : System.Numerics.INumber<T>
    {
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            y[i] = v < lo ? lo : v > hi ? hi : v;
        }
    }
}
