using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Flatten: to 2-D [prod(dims before axis), prod(dims from axis)] (a view).</summary>
public sealed class FlattenOp(OnnxNode node) : OnnxKernel
{
    private readonly long _axis = node.Int("axis", 1);

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var axis = _axis < 0 ? _axis + x.Rank : _axis;
        if (axis < 0 || axis > x.Rank) throw ctx.Node.Error($"axis {_axis} is out of range for rank {x.Rank}");
        var outer = Checks.Product(x.Shape, 0, (int)axis);
        ctx.SetOutput(0, new Tensor(x.Type, [outer, Checks.Product(x.Shape, (int)axis)], x.Data));
    }
}
