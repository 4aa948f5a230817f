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
        var strides = perm.Select(p => inStrides[p]).ToArray();
        Span<int> index = stackalloc int[rank];
        var src = x.Data;
        var dst = y.Data;
        for (var o = 0; o < y.Length; o++)
        {
            var offset = 0;
            for (var i = 0; i < rank; i++) offset += index[i] * strides[i];
            Array.Copy(src, offset, dst, o, 1);
            for (var i = rank - 1; i >= 0; i--)
            {
                if (++index[i] < outShape[i]) break;
                index[i] = 0;
            }
        }
        ctx.SetOutput(0, y);
    }
}
