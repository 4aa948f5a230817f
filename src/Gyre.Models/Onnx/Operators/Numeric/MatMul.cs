using System.Numerics;
using System.Numerics.Tensors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX MatMul: numpy matmul (1-D operands promoted, leading batch dims broadcast).</summary>
public sealed class MatMulOp : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        Tensor a = ctx.In(0), b = ctx.In(1);
        Checks.SameType(ctx, a, b);
        if (a.Rank == 0 || b.Rank == 0) throw ctx.Node.Error("operands must have rank >= 1");
        var aShape = a.Rank == 1 ? new[] { 1, a.Dim(0) } : a.ShapeArray();
        var bShape = b.Rank == 1 ? new[] { b.Dim(0), 1 } : b.ShapeArray();
        int m = aShape[^2], k = aShape[^1], k2 = bShape[^2], n = bShape[^1];
        if (k != k2) throw ctx.Node.Error($"cannot multiply {Checks.ShapeText(a.Shape)} by {Checks.ShapeText(b.Shape)}: inner dimensions {k} and {k2} differ");
        var batch = Broadcast.Shape(ctx.Node, aShape.AsSpan(0, aShape.Length - 2), bShape.AsSpan(0, bShape.Length - 2));
        var outShape = new List<int>(batch);
        if (a.Rank > 1) outShape.Add(m);
        if (b.Rank > 1) outShape.Add(n);
        var y = ctx.Alloc(a.Type, outShape.ToArray());
        switch (a.Type)
        {
            case TensorType.Float32: Batched(a.As<float>(), aShape, b.As<float>(), bShape, y.As<float>(), batch, m, k, n); break;
            case TensorType.Float64: Batched(a.As<double>(), aShape, b.As<double>(), bShape, y.As<double>(), batch, m, k, n); break;
            case TensorType.Int64: Batched(a.As<long>(), aShape, b.As<long>(), bShape, y.As<long>(), batch, m, k, n); break;
            case TensorType.Int32: Batched(a.As<int>(), aShape, b.As<int>(), bShape, y.As<int>(), batch, m, k, n); break;
            default: throw Checks.UnsupportedType(ctx, a);
        }
        ctx.SetOutput(0, y);
    }

    private static void Batched<T>(T[] a, int[] aShape, T[] b, int[] bShape, T[] y, int[] batch, int m, int k, int n) where T : INumber<T>
    {
        var count = Checks.Product(batch);
        var sa = Broadcast.Strides(aShape.AsSpan(0, aShape.Length - 2), batch);
        var sb = Broadcast.Strides(bShape.AsSpan(0, bShape.Length - 2), batch);
        for (var i = 0; i < count; i++)
        {
            int offA = 0, offB = 0, rem = i;
            for (var d = batch.Length - 1; d >= 0; d--)
            {
                var idx = rem % batch[d];
                rem /= batch[d];
                offA += idx * sa[d];
                offB += idx * sb[d];
            }
            MatrixProduct.Multiply<T>(a.AsSpan(offA * m * k, m * k), b.AsSpan(offB * k * n, k * n), y.AsSpan(i * m * n, m * n), m, k, n, transB: false, accumulate: false);
        }
    }
}
