using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Common;

/// <summary>numpy-style multidirectional broadcasting for elementwise operators.</summary>
public static class Broadcast
{
    /// <summary>The broadcast result shape, or an error naming both shapes.</summary>
    public static int[] Shape(OnnxNode node, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw node.Error($"shapes [{string.Join(", ", a.ToArray())}] and [{string.Join(", ", b.ToArray())}] cannot be broadcast together");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Row-major strides of <paramref name="shape"/> aligned to <paramref name="rank"/>, 0 on broadcast dims.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape, ReadOnlySpan<int> outShape)
    {
        var rank = outShape.Length;
        var strides = new int[rank];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            var o = i + rank - shape.Length;
            strides[o] = shape[i] == 1 && outShape[o] != 1 ? 0 : s;
            s *= shape[i];
        }
        return strides;
    }

    public static Tensor Binary<TOp, T, TOut>(KernelContext ctx, Tensor a, Tensor b)
        where TOp : IBinaryOp<TOp, T, TOut>
    {
        var shape = Shape(ctx.Node, a.Shape, b.Shape);
        var result = ctx.Alloc<TOut>(shape);
        Binary<TOp, T, TOut>(a.As<T>(), a.Shape, b.As<T>(), b.Shape, result.As<TOut>(), shape);
        return result;
    }

    public static void Binary<TOp, T, TOut>(T[] a, ReadOnlySpan<int> aShape, T[] b, ReadOnlySpan<int> bShape, TOut[] dst, ReadOnlySpan<int> shape)
        where TOp : IBinaryOp<TOp, T, TOut>
    {
        if (dst.Length == 0) return;
        if (a.Length == dst.Length && b.Length == dst.Length) { TOp.Apply(a, b, dst); return; }
        if (b.Length == 1 && a.Length == dst.Length) { TOp.Apply(a, b[0], dst); return; }
        if (a.Length == 1 && b.Length == dst.Length) { TOp.Apply(a[0], b, dst); return; }

        var rank = shape.Length;
        var sa = Strides(aShape, shape);
        var sb = Strides(bShape, shape);
        // The innermost block in which each operand is either contiguous or constant.
        var inner = 1;
        int kindA = -1, kindB = -1; // 1 = contiguous, 0 = constant
        var axis = rank;
        while (axis > 0)
        {
            var d = axis - 1;
            var ka = sa[d] == 0 ? 0 : sa[d] == inner ? 1 : -2;
            var kb = sb[d] == 0 ? 0 : sb[d] == inner ? 1 : -2;
            if (shape[d] == 1) { axis--; continue; }
            if (ka == -2 || kb == -2) break;
            if ((kindA >= 0 && ka != kindA) || (kindB >= 0 && kb != kindB)) break;
            kindA = ka; kindB = kb;
            inner *= shape[d];
            axis--;
        }
        if (kindA < 0) { kindA = 1; kindB = 1; }
        var outer = dst.Length / inner;
        for (var o = 0; o < outer; o++)
        {
            // Decompose o over the outer dims [0, axis).
            int offA = 0, offB = 0, rem = o;
            for (var d = axis - 1; d >= 0; d--)
            {
                var i = rem % shape[d];
                rem /= shape[d];
                offA += i * sa[d];
                offB += i * sb[d];
            }
            var target = dst.AsSpan(o * inner, inner);
            if (kindA == 1 && kindB == 1) TOp.Apply(a.AsSpan(offA, inner), b.AsSpan(offB, inner), target);
            else if (kindA == 1) TOp.Apply(a.AsSpan(offA, inner), b[offB], target);
            else if (kindB == 1) TOp.Apply(a[offA], b.AsSpan(offB, inner), target);
            else target.Fill(TOp.Apply(a[offA], b[offB]));
        }
    }
}
