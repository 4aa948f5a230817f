using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX LayerNormalization (opset 17): normalises over the dims from <c>axis</c> on, then Scale and B.</summary>
public sealed class LayerNormalizationOp(OnnxNode node) : OnnxKernel
{
    private readonly long _axis = node.Int("axis", -1);
    private readonly float _epsilon = node.Float("epsilon", 1e-5f);

    public override void Run(KernelContext ctx)
    {
        Tensor x = ctx.In(0), scale = ctx.In(1);
        var bias = ctx.Input(2);
        if (x.Type != TensorType.Float32) throw Checks.UnsupportedType(ctx, x);
        var axis = Checks.Axis(ctx, _axis, x.Rank);
        var outer = Checks.Product(x.Shape, 0, axis);
        var n = Checks.Product(x.Shape, axis);
        var statShape = x.ShapeArray();
        for (var i = axis; i < statShape.Length; i++) statShape[i] = 1;
        var y = ctx.Alloc(TensorType.Float32, x.Shape);
        Tensor? meanOut = ctx.WantsOutput(1) ? ctx.Alloc(TensorType.Float32, statShape) : null;
        Tensor? invStdOut = ctx.WantsOutput(2) ? ctx.Alloc(TensorType.Float32, statShape) : null;
        var (src, dst) = (x.As<float>(), y.As<float>());
        var s = scale.As<float>();
        var b = bias?.As<float>();
        if (s.Length != n && s.Length != 1) throw ctx.Node.Error($"Scale has {s.Length} values for a normalised size of {n}");
        for (var o = 0; o < outer; o++)
        {
            var row = src.AsSpan(o * n, n);
            double mean = 0;
            foreach (var v in row) mean += v;
            mean /= n;
            double variance = 0;
            foreach (var v in row) variance += (v - mean) * (v - mean);
            variance /= n;
            var inv = 1 / System.Math.Sqrt(variance + _epsilon);
            for (var j = 0; j < n; j++)
            {
                var v = (row[j] - mean) * inv * (s.Length == 1 ? s[0] : s[j]);
                if (b is not null) v += b.Length == 1 ? b[0] : b[j];
                dst[o * n + j] = (float)v;
            }
            if (meanOut is not null) meanOut.As<float>()[o] = (float)mean;
            if (invStdOut is not null) invStdOut.As<float>()[o] = (float)inv;
        }
        ctx.SetOutput(0, y);
        if (meanOut is not null) ctx.SetOutput(1, meanOut);
        if (invStdOut is not null) ctx.SetOutput(2, invStdOut);
    }
}
