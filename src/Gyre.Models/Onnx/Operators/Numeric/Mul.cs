using System.Numerics;
using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Mul: elementwise a * b with numpy broadcasting (float, double, int32, int64).</summary>
public sealed class MulOp : NumericBinaryKernel<MulOp.Fn<float>, MulOp.Fn<double>, MulOp.Fn<long>, MulOp.Fn<int>>
{
    public readonly struct Fn<T> : IBinaryOp<Fn<T>, T, T> where T : INumber<T>
    {
        public static T Apply(T a, T b) => a * b;
        public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst) => TensorPrimitives.Multiply(a, b, dst);
        public static void Apply(ReadOnlySpan<T> a, T b, Span<T> dst) => TensorPrimitives.Multiply(a, b, dst);
        public static void Apply(T a, ReadOnlySpan<T> b, Span<T> dst) => TensorPrimitives.Multiply(b, a, dst);
    }
}
