using System.Numerics.Tensors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>Shared body of GlobalAveragePool / GlobalMaxPool: one value per (batch, channel) plane, spatial dims kept as 1.</summary>
public abstract class GlobalPoolKernel(bool max) : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        if (x.Type != TensorType.Float32) throw Checks.UnsupportedType(ctx, x);
        if (x.Rank < 2) throw ctx.Node.Error($"input must be [N, C, ...] but has rank {x.Rank}");
        var shape = x.ShapeArray();
        for (var i = 2; i < shape.Length; i++) shape[i] = 1;
        var planes = x.Dim(0) * x.Dim(1);
        var size = Checks.Product(x.Shape, 2);
        var y = ctx.Alloc(TensorType.Float32, shape);
        var (src, dst) = (x.As<float>(), y.As<float>());
        for (var p = 0; p < planes; p++)
        {
            var plane = src.AsSpan(p * size, size);
            dst[p] = max ? TensorPrimitives.Max(plane) : TensorPrimitives.Sum(plane) / size;
        }
        ctx.SetOutput(0, y);
    }
}
