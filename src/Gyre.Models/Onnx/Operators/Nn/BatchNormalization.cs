using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX BatchNormalization, inference form: y = scale · (x - mean) / sqrt(var + epsilon) + B per channel (axis 1).</summary>
public sealed class BatchNormalizationOp : OnnxKernel
{
    private readonly float _epsilon;

    public BatchNormalizationOp(OnnxNode node)
    {
        _epsilon = node.Float("epsilon", 1e-5f);
        if (node.Int("training_mode", 0) != 0) throw node.Unsupported("training_mode=1");
        if (node.Opset < 9 && node.Int("spatial", 1) != 1) throw node.Unsupported("spatial=0");
        if (node.Outputs.Count > 1 && node.Outputs.Skip(1).Any(o => o.Length > 0)) throw node.Unsupported("running mean/variance outputs (training)");
    }

    public override void Run(KernelContext ctx)
    {
        Tensor x = ctx.In(0), scale = ctx.In(1), bias = ctx.In(2), mean = ctx.In(3), variance = ctx.In(4);
        if (x.Type is not (TensorType.Float32 or TensorType.Float64)) throw Checks.UnsupportedType(ctx, x);
        var channels = x.Rank > 1 ? x.Dim(1) : 1;
        foreach (var (t, name) in new[] { (scale, "scale"), (bias, "B"), (mean, "mean"), (variance, "var") })
            if (t.Length != channels) throw ctx.Node.Error($"{name} has {t.Length} values for {channels} channels");
        var batch = x.Rank > 0 ? x.Dim(0) : 1;
        var inner = Checks.Product(x.Shape, 2);
        var y = ctx.Alloc(x.Type, x.Shape);
        for (var c = 0; c < channels; c++)
        {
            var v = Read(variance, c);
            var a = Read(scale, c) / System.Math.Sqrt(v + _epsilon);
            var b = Read(bias, c) - Read(mean, c) * a;
            for (var n = 0; n < batch; n++)
            {
                var start = (n * channels + c) * inner;
                if (x.Type == TensorType.Float32)
                {
                    var dst = y.As<float>().AsSpan(start, inner);
                    System.Numerics.Tensors.TensorPrimitives.Multiply(x.As<float>().AsSpan(start, inner), (float)a, dst);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, (float)b, dst);
                }
                else
                {
                    var dst = y.As<double>().AsSpan(start, inner);
                    System.Numerics.Tensors.TensorPrimitives.Multiply(x.As<double>().AsSpan(start, inner), a, dst);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, b, dst);
                }
            }
        }
        ctx.SetOutput(0, y);
    }

    private static double Read(Tensor t, int i) => t.Type == TensorType.Float32 ? t.As<float>()[i] : t.As<double>()[i];
}
