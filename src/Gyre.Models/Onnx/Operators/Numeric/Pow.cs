using System.Numerics;
using System.Numerics.Tensors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Operators.Shaping;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Pow: x ^ y with broadcasting; the exponent may have another numeric type (cast to x's).</summary>
public sealed class PowOp : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        Tensor x = ctx.In(0), y = ctx.In(1);
        if (y.Type != x.Type) y = CastOp.Convert(ctx, y, x.Type);
        ctx.SetOutput(0, x.Type switch
        {
            TensorType.Float32 => Broadcast.Binary<Fn<float>, float, float>(ctx, x, y),
            TensorType.Float64 => Broadcast.Binary<Fn<double>, double, double>(ctx, x, y),
            TensorType.Int64 => Broadcast.Binary<IntFn<long>, long, long>(ctx, x, y),
            TensorType.Int32 => Broadcast.Binary<IntFn<int>, int, int>(ctx, x, y),
            _ => throw Checks.UnsupportedType(ctx, x),
        });
    }

    private readonly struct Fn<T> : IBinaryOp<Fn<T>, T, T> where T : IPowerFunctions<T>, IFloatingPointIeee754<T>
    {
        public static T Apply(T a, T b) => T.Pow(a, b);
        public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> dst) => TensorPrimitives.Pow(a, b, dst);
        public static void Apply(ReadOnlySpan<T> a, T b, Span<T> dst)
        {
            if (b == T.CreateTruncating(2)) TensorPrimitives.Multiply(a, a, dst);
            else TensorPrimitives.Pow(a, b, dst);
        }
    }

    private readonly struct IntFn<T> : IBinaryOp<IntFn<T>, T, T> where T : IBinaryInteger<T>
    {
        public static T Apply(T a, T b) => T.CreateTruncating(System.Math.Pow(double.CreateTruncating(a), double.CreateTruncating(b)));
    }
}
