using System.Numerics;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Gemm: Y = alpha · A' · B' + beta · C, with optional transposes and C broadcast to [M, N].</summary>
public sealed class GemmOp(OnnxNode node) : OnnxKernel
{
    private readonly float _alpha = node.Float("alpha", 1f);
    private readonly float _beta = node.Float("beta", 1f);
    private readonly bool _transA = node.Int("transA", 0) != 0;
    private readonly bool _transB = node.Int("transB", 0) != 0;

    public override void Run(KernelContext ctx)
    {
        Tensor a = ctx.In(0), b = ctx.In(1);
        var c = ctx.Input(2);
        Checks.SameType(ctx, a, b);
        if (a.Rank != 2 || b.Rank != 2) throw ctx.Node.Error($"A and B must be matrices but are {Checks.ShapeText(a.Shape)} and {Checks.ShapeText(b.Shape)}");
        int m = _transA ? a.Dim(1) : a.Dim(0), k = _transA ? a.Dim(0) : a.Dim(1);
        int kb = _transB ? b.Dim(1) : b.Dim(0), n = _transB ? b.Dim(0) : b.Dim(1);
        if (k != kb) throw ctx.Node.Error($"inner dimensions differ: A' is [{m}, {k}] and B' is [{kb}, {n}]");
        var y = ctx.Alloc(a.Type, [m, n]);
        switch (a.Type)
        {
            case TensorType.Float32: Compute(ctx, a.As<float>(), b.As<float>(), c, y.As<float>(), m, k, n); break;
            case TensorType.Float64: Compute(ctx, a.As<double>(), b.As<double>(), c, y.As<double>(), m, k, n); break;
            case TensorType.Int64: Compute(ctx, a.As<long>(), b.As<long>(), c, y.As<long>(), m, k, n); break;
            case TensorType.Int32: Compute(ctx, a.As<int>(), b.As<int>(), c, y.As<int>(), m, k, n); break;
            default: throw Checks.UnsupportedType(ctx, a);
        }
        ctx.SetOutput(0, y);
    }

    private void Compute<T>(KernelContext ctx, T[] a, T[] b, Tensor? c, T[] y, int m, int k, int n) where T : INumber<T>
    {
        if (_transA) a = Transpose(a, k, m);
        var accumulate = false;
        if (c is not null && _beta != 0)
        {
            if (c.Type != KernelContext.TypeOf<T>()) throw ctx.Node.Error("C must have the same element type as A");
            // Y starts as beta · C broadcast to [M, N], then the product accumulates into it.
            Broadcast.Shape(ctx.Node, c.Shape, [m, n]);
            var cs = Broadcast.Strides(c.Shape, [m, n]);
            var cv = c.As<T>();
            var beta = T.CreateTruncating(_beta);
            for (var i = 0; i < m; i++)
                for (var j = 0; j < n; j++)
                    y[i * n + j] = beta * cv[i * cs[0] + j * cs[1]];
            accumulate = true;
        }
        if (_alpha == 1f)
        {
            MatrixProduct.Multiply<T>(a, b, y, m, k, n, _transB, accumulate);
            return;
        }
        var tmp = new T[m * n];
        MatrixProduct.Multiply<T>(a, b, tmp, m, k, n, _transB, false);
        var alpha = T.CreateTruncating(_alpha);
        for (var i = 0; i < tmp.Length; i++) y[i] = (accumulate ? y[i] : T.Zero) + alpha * tmp[i];
    }

    private static T[] Transpose<T>(T[] x, int rows, int cols)
    {
        var t = new T[x.Length];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                t[j * rows + i] = x[i * cols + j];
        return t;
    }
}
