using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>ai.onnx.ml ArrayFeatureExtractor: selects columns (last axis) of X by the indices in Y.</summary>
public sealed class ArrayFeatureExtractorOp : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var indices = Checks.Longs(ctx, ctx.In(1), "indices");
        var last = x.Rank == 0 ? 1 : x.Dim(-1);
        foreach (var i in indices)
            if (i < 0 || i >= last) throw ctx.Node.Error($"index {i} is outside the {last} columns of the input");
        var shape = x.Rank <= 1 ? new[] { 1, indices.Length } : [.. x.ShapeArray()[..^1], indices.Length];
        var y = ctx.Alloc(x.Type, shape);
        var rows = x.Length / System.Math.Max(1, last);
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < indices.Length; j++)
                Array.Copy(x.Data, r * last + indices[j], y.Data, r * indices.Length + j, 1);
        ctx.SetOutput(0, y);
    }
}
