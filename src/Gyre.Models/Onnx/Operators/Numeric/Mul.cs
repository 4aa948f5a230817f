using System.Numerics;
using System.Numerics.Tensors;
using Gyre.Models.Abstractions;
using Tensor = Gyre.Models.Abstractions.Tensor;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Mul: elementwise a * b with numpy broadcasting (float, double, int32, int64).</summary>
public sealed class MulOp : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        Tensor a = ctx.In(0), b = ctx.In(1);
        Checks.SameType(ctx, a, b);
        ctx.SetOutput(0, a.Type switch
        {
            TensorType.Float32 => Broadcast.Binary<Fn<float>, float, float>(ctx, a, b),
            TensorType.Float64 => Broadcast.Binary<Fn<double>, double, double>(ctx, a, b),
            TensorType.Int64 => Broadcast.Binary<Fn<long>, long, long>(ctx, a, b),
            TensorType.Int32 => Broadcast.Binary<Fn<int>, int, int>(ctx, a, b),
            _ => throw Checks.UnsupportedType(ctx, a),
        });
    }

    private readonly struct Fn<T> : IBinaryOp<Fn<T>, T, T> where T : INumber<T>
    {
        public static T Apply(T a, T b) => a * b;
        public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst) => TensorPrimitives.Multiply(a, b, dst);
        public static void Apply(ReadOnlySpan<T> a, T b, Span<T> dst) => TensorPrimitives.Multiply(a, b, dst);
        public static void Apply(T a, ReadOnlySpan<T> b, Span<T> dst) => TensorPrimitives.Multiply(b, a, dst);
    }
}
