using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Gather: picks slices along <c>axis</c> by indices (negative indices count from the end).</summary>
public sealed class GatherOp(OnnxNode node) : OnnxKernel
{
    private readonly long _axis = node.Int("axis", 0);

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var idxTensor = ctx.In(1);
        var indices = Checks.Longs(ctx, idxTensor, "indices");
        var axis = Checks.Axis(ctx, _axis, x.Rank);
        var size = x.Dim(axis);
        var outShape = new List<int>();
        outShape.AddRange(x.ShapeArray()[..axis]);
        outShape.AddRange(idxTensor.ShapeArray());
        outShape.AddRange(x.ShapeArray()[(axis + 1)..]);
        var y = ctx.Alloc(x.Type, outShape.ToArray());
        var outer = Checks.Product(x.Shape, 0, axis);
        var inner = Checks.Product(x.Shape, axis + 1);
        for (var o = 0; o < outer; o++)
            for (var j = 0; j < indices.Length; j++)
            {
                var i = indices[j] < 0 ? indices[j] + size : indices[j];
                if (i < 0 || i >= size) throw ctx.Node.Error($"index {indices[j]} is out of range for axis {axis} of size {size}");
                Array.Copy(x.Data, (o * size + i) * inner, y.Data, (o * indices.Length + j) * inner, inner);
            }
        ctx.SetOutput(0, y);
    }
}
