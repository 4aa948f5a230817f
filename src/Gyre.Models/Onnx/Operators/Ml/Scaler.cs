using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>ai.onnx.ml Scaler: Y = (X - offset) * scale per feature (offset/scale of length 1 broadcast).</summary>
public sealed class ScalerOp : OnnxKernel
{
    private readonly float[] _offset;
    private readonly float[] _scale;

    public ScalerOp(OnnxNode node)
    {
        _offset = node.Floats("offset") ?? [0f];
        _scale = node.Floats("scale") ?? [1f];
        if (_offset.Length == 0) _offset = [0f];
        if (_scale.Length == 0) _scale = [1f];
    }

    public override void Run(KernelContext ctx)
    {
        var input = ctx.In(0);
        var x = new FeatureRows(ctx, input);
        var f = x.Features;
        if ((_offset.Length != 1 && _offset.Length != f) || (_scale.Length != 1 && _scale.Length != f))
            throw ctx.Node.Error($"input has {f} features but offset/scale have {_offset.Length}/{_scale.Length} values");
        var y = ctx.Alloc(TensorType.Float32, input.Shape);
        var output = y.As<float>();
        for (var r = 0; r < x.Rows; r++)
            for (var j = 0; j < f; j++)
            {
                var o = _offset.Length == 1 ? _offset[0] : _offset[j];
                var s = _scale.Length == 1 ? _scale[0] : _scale[j];
                output[r * f + j] = (float)((x[r, j] - o) * s);
            }
        ctx.SetOutput(0, y);
    }
}
