namespace Gyre.Models.Onnx.Operators.Common;

/// <summary>
/// An elementwise binary function. The span overloads default to a scalar loop; numeric operators
/// override them with <c>TensorPrimitives</c> so the common shapes run vectorized.
/// </summary>
public interface IBinaryOp<TSelf, T, TOut> where TSelf : IBinaryOp<TSelf, T, TOut>
{
    static abstract TOut Apply(T a, T b);

    static virtual void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<TOut> dst)
    {
        for (var i = 0; i < dst.Length; i++) dst[i] = TSelf.Apply(a[i], b[i]);
    }

    static virtual void Apply(ReadOnlySpan<T> a, T b, Span<TOut> dst)
    {
        for (var i = 0; i < dst.Length; i++) dst[i] = TSelf.Apply(a[i], b);
    }

    static virtual void Apply(T a, ReadOnlySpan<T> b, Span<TOut> dst)
    {
        for (var i = 0; i < dst.Length; i++) dst[i] = TSelf.Apply(a, b[i]);
    }
}
