using System.Numerics;
using System.Numerics.Tensors;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>
/// The dense matrix product behind MatMul, Gemm and Conv: C[m,n] (+)= A[m,k] · B (B is [k,n], or
/// [n,k] when transB). Rows of C are built with vectorized multiply-adds over rows of B, tiled so
/// that a block of B stays in cache; the transposed form uses vectorized dot products.
/// </summary>
public static class MatrixProduct
{
    // A KBlock x NBlock tile of B (128 x 512 floats = 256 KB) stays in L2 while every row of A uses it.
    private const int KBlock = 128;
    private const int NBlock = 512;

    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, bool transB, bool accumulate)
        where T : INumber<T>
    {
        if (!accumulate) c[..(m * n)].Clear();
        if (transB)
        {
            for (var i = 0; i < m; i++)
            {
                var row = a.Slice(i * k, k);
                var dst = c.Slice(i * n, n);
                for (var j = 0; j < n; j++) dst[j] += TensorPrimitives.Dot(row, b.Slice(j * k, k));
            }
            return;
        }
        for (var n0 = 0; n0 < n; n0 += NBlock)
        {
            var width = System.Math.Min(NBlock, n - n0);
            for (var k0 = 0; k0 < k; k0 += KBlock)
            {
                var k1 = System.Math.Min(k, k0 + KBlock);
                for (var i = 0; i < m; i++)
                {
                    var dst = c.Slice(i * n + n0, width);
                    for (var p = k0; p < k1; p++)
                    {
                        var s = a[i * k + p];
                        if (s == T.Zero) continue;
                        TensorPrimitives.MultiplyAdd(b.Slice(p * n + n0, width), s, dst, dst);
                    }
                }
            }
        }
    }
}
