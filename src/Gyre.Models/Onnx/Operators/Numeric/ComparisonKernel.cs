using System.Numerics;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Numeric;

public enum Comparison { Equal, Less, Greater, LessOrEqual, GreaterOrEqual }

/// <summary>Shared body of Equal, Less, Greater, LessOrEqual, GreaterOrEqual: broadcast comparison to a bool tensor.</summary>
public abstract class ComparisonKernel(Comparison comparison) : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        Tensor a = ctx.In(0), b = ctx.In(1);
        Checks.SameType(ctx, a, b);
        ctx.SetOutput(0, (a.Type, comparison) switch
        {
            (TensorType.Float32, _) => Dispatch<float>(ctx, a, b),
            (TensorType.Float64, _) => Dispatch<double>(ctx, a, b),
            (TensorType.Int64, _) => Dispatch<long>(ctx, a, b),
            (TensorType.Int32, _) => Dispatch<int>(ctx, a, b),
            (TensorType.Bool, Comparison.Equal) => Broadcast.Binary<BoolEq, bool, bool>(ctx, a, b),
            (TensorType.String, Comparison.Equal) => Broadcast.Binary<StringEq, string?, bool>(ctx, a, b),
            _ => throw Checks.UnsupportedType(ctx, a),
        });
    }

    private Tensor Dispatch<T>(KernelContext ctx, Tensor a, Tensor b) where T : INumber<T> => comparison switch
    {
        Comparison.Equal => Broadcast.Binary<Eq<T>, T, bool>(ctx, a, b),
        Comparison.Less => Broadcast.Binary<Lt<T>, T, bool>(ctx, a, b),
        Comparison.Greater => Broadcast.Binary<Gt<T>, T, bool>(ctx, a, b),
        Comparison.LessOrEqual => Broadcast.Binary<Le<T>, T, bool>(ctx, a, b),
        _ => Broadcast.Binary<Ge<T>, T, bool>(ctx, a, b),
    };

    private readonly struct Eq<T> : IBinaryOp<Eq<T>, T, bool> where T : INumber<T> { public static bool Apply(T a, T b) => a == b; }
    private readonly struct Lt<T> : IBinaryOp<Lt<T>, T, bool> where T : INumber<T> { public static bool Apply(T a, T b) => a < b; }
    private readonly struct Gt<T> : IBinaryOp<Gt<T>, T, bool> where T : INumber<T> { public static bool Apply(T a, T b) => a > b; }
    private readonly struct Le<T> : IBinaryOp<Le<T>, T, bool> where T : INumber<T> { public static bool Apply(T a, T b) => a <= b; }
    private readonly struct Ge<T> : IBinaryOp<Ge<T>, T, bool> where T : INumber<T> { public static bool Apply(T a, T b) => a >= b; }
    private readonly struct BoolEq : IBinaryOp<BoolEq, bool, bool> { public static bool Apply(bool a, bool b) => a == b; }
    private readonly struct StringEq : IBinaryOp<StringEq, string?, bool> { public static bool Apply(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal); }
}
