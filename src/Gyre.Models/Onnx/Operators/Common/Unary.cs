using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Common;

public delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> y);

/// <summary>Runs an elementwise unary function over input 0 into a same-shaped output, per element type.</summary>
public static class Unary
{
    public static void Run(KernelContext ctx, SpanMap<float>? f32, SpanMap<double>? f64, SpanMap<long>? i64 = null, SpanMap<int>? i32 = null)
    {
        var x = ctx.In(0);
        var y = ctx.Alloc(x.Type, x.Shape);
        switch (x.Type)
        {
            case TensorType.Float32 when f32 is not null: f32(x.As<float>(), y.As<float>()); break;
            case TensorType.Float64 when f64 is not null: f64(x.As<double>(), y.As<double>()); break;
            case TensorType.Int64 when i64 is not null: i64(x.As<long>(), y.As<long>()); break;
            case TensorType.Int32 when i32 is not null: i32(x.As<int>(), y.As<int>()); break;
            default: throw Checks.UnsupportedType(ctx, x);
        }
        ctx.SetOutput(0, y);
    }

    /// <summary>Scalar fallback for functions TensorPrimitives lacks.</summary>
    public static SpanMap<T> Each<T>(Func<T, T> f) => (x, y) =>
    {
        for (var i = 0; i < x.Length; i++) y[i] = f(x[i]);
    };

    public static Tensor Copy(KernelContext ctx, Tensor x)
    {
        var y = ctx.Alloc(x.Type, x.Shape);
        Array.Copy(x.Data, y.Data, x.Length);
        return y;
    }
}
