namespace Gyre.Models.Onnx.Operators.Common;

/// <summary>
/// dst[o] = src[start + Σ index_d · stride_d] over the output shape in row-major order: the one loop
/// behind Transpose, Slice and Expand. Typed per element type; contiguous innermost runs are block copies.
/// </summary>
public static class StridedCopy
{
    public static void Run(Array src, Array dst, ReadOnlySpan<int> outShape, ReadOnlySpan<long> strides, long start)
    {
        switch (src)
        {
            case float[] f: Run(f, (float[])dst, outShape, strides, start); break;
            case double[] d: Run(d, (double[])dst, outShape, strides, start); break;
            case long[] l: Run(l, (long[])dst, outShape, strides, start); break;
            case int[] i: Run(i, (int[])dst, outShape, strides, start); break;
            case bool[] b: Run(b, (bool[])dst, outShape, strides, start); break;
            case string?[] s: Run(s, (string?[])dst, outShape, strides, start); break;
            default: throw new NotSupportedException(src.GetType().Name);
        }
    }

    private static void Run<T>(T[] src, T[] dst, ReadOnlySpan<int> shape, ReadOnlySpan<long> strides, long start)
    {
        if (dst.Length == 0) return;
        var rank = shape.Length;
        if (rank == 0) { dst[0] = src[start]; return; }
        var inner = shape[rank - 1];
        var innerStride = strides[rank - 1];
        var outer = dst.Length / inner;
        Span<int> index = stackalloc int[rank];
        for (var o = 0; o < outer; o++)
        {
            var offset = start;
            for (var d = 0; d < rank - 1; d++) offset += index[d] * strides[d];
            var target = dst.AsSpan(o * inner, inner);
            if (innerStride == 1) src.AsSpan((int)offset, inner).CopyTo(target);
            else if (innerStride == 0) target.Fill(src[offset]);
            else for (var j = 0; j < inner; j++) target[j] = src[offset + j * innerStride];
            for (var d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
    }
}
