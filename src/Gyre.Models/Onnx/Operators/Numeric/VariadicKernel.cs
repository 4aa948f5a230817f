using System.Numerics;
using System.Numerics.Tensors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Numeric;

public enum VariadicKind { Max, Min, Sum, Mean }

/// <summary>Shared body of Max, Min, Sum, Mean: folds any number of inputs with broadcasting.</summary>
public abstract class VariadicKernel(VariadicKind kind) : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        var inputs = Enumerable.Range(0, ctx.InputCount).Select(ctx.Input).OfType<Tensor>().ToArray();
        if (inputs.Length == 0) throw ctx.Node.Error("needs at least one input");
        var acc = inputs[0];
        if (inputs.Length == 1) acc = Unary.Copy(ctx, acc);
        for (var i = 1; i < inputs.Length; i++)
        {
            Checks.SameType(ctx, acc, inputs[i]);
            acc = acc.Type switch
            {
                TensorType.Float32 => Fold<float>(ctx, acc, inputs[i]),
                TensorType.Float64 => Fold<double>(ctx, acc, inputs[i]),
                TensorType.Int64 => Fold<long>(ctx, acc, inputs[i]),
                TensorType.Int32 => Fold<int>(ctx, acc, inputs[i]),
                _ => throw Checks.UnsupportedType(ctx, acc),
            };
        }
        if (kind == VariadicKind.Mean)
        {
            switch (acc.Type)
            {
                case TensorType.Float32: TensorPrimitives.Divide(acc.As<float>(), (float)inputs.Length, acc.As<float>()); break;
                case TensorType.Float64: TensorPrimitives.Divide(acc.As<double>(), (double)inputs.Length, acc.As<double>()); break;
                default: throw Checks.UnsupportedType(ctx, acc);
            }
        }
        ctx.SetOutput(0, acc);
    }

    private Tensor Fold<T>(KernelContext ctx, Tensor a, Tensor b) where T : INumber<T> => kind switch
    {
        VariadicKind.Max => Broadcast.Binary<MaxFn<T>, T, T>(ctx, a, b),
        VariadicKind.Min => Broadcast.Binary<MinFn<T>, T, T>(ctx, a, b),
        _ => Broadcast.Binary<SumFn<T>, T, T>(ctx, a, b),
    };

    // NaN propagates, as numpy.maximum/minimum do.
    private readonly struct MaxFn<T> : IBinaryOp<MaxFn<T>, T, T> where T : INumber<T> { public static T Apply(T a, T b) => T.IsNaN(a) || T.IsNaN(b) ? a + b : T.Max(a, b); }
    private readonly struct MinFn<T> : IBinaryOp<MinFn<T>, T, T> where T : INumber<T> { public static T Apply(T a, T b) => T.IsNaN(a) || T.IsNaN(b) ? a + b : T.Min(a, b); }
    private readonly struct SumFn<T> : IBinaryOp<SumFn<T>, T, T> where T : INumber<T> { public static T Apply(T a, T b) => a + b; }
}
