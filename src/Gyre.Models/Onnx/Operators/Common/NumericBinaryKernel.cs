using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Common;

/// <summary>
/// An elementwise arithmetic operator over float, double, int64 and int32 with numpy broadcasting: the
/// dtype dispatch lives here once; each operator supplies its function for every element type.
/// </summary>
public abstract class NumericBinaryKernel<TFloat, TDouble, TLong, TInt> : OnnxKernel
    where TFloat : IBinaryOp<TFloat, float, float>
    where TDouble : IBinaryOp<TDouble, double, double>
    where TLong : IBinaryOp<TLong, long, long>
    where TInt : IBinaryOp<TInt, int, int>
{
    public sealed override void Run(KernelContext ctx)
    {
        Tensor a = ctx.In(0), b = ctx.In(1);
        Checks.SameType(ctx, a, b);
        ctx.SetOutput(0, a.Type switch
        {
            TensorType.Float32 => Broadcast.Binary<TFloat, float, float>(ctx, a, b),
            TensorType.Float64 => Broadcast.Binary<TDouble, double, double>(ctx, a, b),
            TensorType.Int64 => Broadcast.Binary<TLong, long, long>(ctx, a, b),
            TensorType.Int32 => Broadcast.Binary<TInt, int, int>(ctx, a, b),
            _ => throw Checks.UnsupportedType(ctx, a),
        });
    }
}
