using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Split: along <c>axis</c> by the split sizes (attribute before opset 13, input after), or evenly (num_outputs in 18).</summary>
public sealed class SplitOp(OnnxNode node) : OnnxKernel
{
    private readonly long _axis = node.Int("axis", 0);
    private readonly long[]? _splitAttr = node.Opset < 13 ? node.Ints("split") : null;
    private readonly int _outputs = node.Outputs.Count;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var axis = Checks.Axis(ctx, _axis, x.Rank);
        var dim = x.Dim(axis);
        var sizes = _splitAttr ?? (ctx.Input(1) is { } s ? Checks.Longs(ctx, s, "split") : null);
        if (sizes is null || sizes.Length == 0)
        {
            // Even split; the last chunk is smaller when the dim does not divide (opset 18 semantics).
            var chunk = (dim + _outputs - 1) / _outputs;
            sizes = Enumerable.Range(0, _outputs).Select(i => (long)System.Math.Max(0, System.Math.Min(chunk, dim - i * chunk))).ToArray();
        }
        if (sizes.Length != _outputs || sizes.Sum() != dim)
            throw ctx.Node.Error($"split sizes [{string.Join(", ", sizes)}] do not cover axis {axis} of size {dim} in {_outputs} outputs");
        var outer = Checks.Product(x.Shape, 0, axis);
        var inner = Checks.Product(x.Shape, axis + 1);
        var offset = 0;
        for (var k = 0; k < sizes.Length; k++)
        {
            var shape = x.ShapeArray();
            shape[axis] = (int)sizes[k];
            var y = ctx.Alloc(x.Type, shape);
            var block = (int)sizes[k] * inner;
            for (var o = 0; o < outer; o++) Array.Copy(x.Data, o * dim * inner + offset, y.Data, o * block, block);
            offset += block;
            ctx.SetOutput(k, y);
        }
    }
}
