using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Transpose: permutes axes (default: reverse), copying innermost runs where the permutation allows.</summary>
public sealed class TransposeOp(OnnxNode node) : OnnxKernel
{
    private readonly int[]? _perm = node.IntArray("perm");

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var rank = x.Rank;
        var perm = _perm ?? Enumerable.Range(0, rank).Reverse().ToArray();
        if (perm.Length != rank || perm.Order().Where((p, i) => p != i).Any())
            throw ctx.Node.Error($"perm [{string.Join(", ", perm)}] is not a permutation of {rank} axes");
        var outShape = perm.Select(p => x.Dim(p)).ToArray();
        var y = ctx.Alloc(x.Type, outShape);
        var inStrides = Broadcast.Strides(x.Shape, x.Shape);
        var strides = perm.Select(p => (long)inStrides[p]).ToArray();
        StridedCopy.Run(x.Data, y.Data, outShape, strides, 0);
        ctx.SetOutput(0, y);
    }
}
