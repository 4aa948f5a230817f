using System.Globalization;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>
/// ai.onnx.ml ZipMap: turns [N, C] scores into one {label: score} map per row. Gyre keeps the scores
/// as the [N, C] float tensor and publishes the labels in the output's <see cref="TensorSpec.ColumnLabels"/>,
/// so no per-row dictionaries are built on the hot path.
/// </summary>
public sealed class ZipMapOp : OnnxKernel
{
    public ZipMapOp(OnnxNode node)
    {
        var ints = node.Ints("classlabels_int64s");
        var strings = node.Strings("classlabels_strings");
        Labels = ints is { Length: > 0 } ? ints.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray()
            : strings is { Length: > 0 } ? strings
            : throw node.Error("one of classlabels_int64s and classlabels_strings must be set");
    }

    public IReadOnlyList<string> Labels { get; }

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        if (x.Type != TensorType.Float32) throw ctx.Node.Error($"input must be float32 but is {x.Type.ToName()}");
        var columns = x.Rank == 2 ? x.Dim(1) : x.Rank == 1 ? x.Dim(0) : throw ctx.Node.Error($"input must be [N, C] but has rank {x.Rank}");
        if (columns != Labels.Count) throw ctx.Node.Error($"input has {columns} columns for {Labels.Count} labels");
        ctx.SetOutput(0, new Tensor(x.Type, x.Rank == 2 ? x.Shape : [1, columns], x.Data));
    }
}
