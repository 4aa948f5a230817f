using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Numeric;

public enum LogicalKind { And, Or, Xor }

/// <summary>Shared body of And, Or, Xor: broadcast boolean logic.</summary>
public abstract class LogicalKernel(LogicalKind kind) : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        Tensor a = ctx.In(0), b = ctx.In(1);
        if (a.Type != TensorType.Bool || b.Type != TensorType.Bool) throw ctx.Node.Error("inputs must be bool");
        ctx.SetOutput(0, kind switch
        {
            LogicalKind.And => Broadcast.Binary<AndFn, bool, bool>(ctx, a, b),
            LogicalKind.Or => Broadcast.Binary<OrFn, bool, bool>(ctx, a, b),
            _ => Broadcast.Binary<XorFn, bool, bool>(ctx, a, b),
        });
    }

    private readonly struct AndFn : IBinaryOp<AndFn, bool, bool> { public static bool Apply(bool a, bool b) => a & b; }
    private readonly struct OrFn : IBinaryOp<OrFn, bool, bool> { public static bool Apply(bool a, bool b) => a | b; }
    private readonly struct XorFn : IBinaryOp<XorFn, bool, bool> { public static bool Apply(bool a, bool b) => a ^ b; }
}
