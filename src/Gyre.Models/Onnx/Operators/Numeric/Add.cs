using System.Numerics;
using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Add: elementwise a + b with numpy broadcasting (float, double, int32, int64).</summary>
public sealed class AddOp : NumericBinaryKernel<AddOp.Fn<float>, AddOp.Fn<double>, AddOp.Fn<long>, AddOp.Fn<int>>
{
    public readonly struct Fn<T> : IBinaryOp<Fn<T>, T, T> where T : INumber<T>
    {
        public static T Apply(T a, T b) => a + b;
        public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst) => TensorPrimitives.Add(a, b, dst);
        public static void Apply(ReadOnlySpan<T> a, T b, Span<T> dst) => TensorPrimitives.Add(a, b, dst);
        public static void Apply(T a, ReadOnlySpan<T> b, Span<T> dst) => TensorPrimitives.Add(b, a, dst);
    }
}
