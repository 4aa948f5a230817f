using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>A classifier's labels: int64 (<c>classlabels_int64s</c>/<c>_ints</c>) or string (<c>classlabels_strings</c>).</summary>
public sealed class ClassLabels
{
    private readonly long[]? _ints;
    private readonly string[]? _strings;

    public ClassLabels(OnnxNode node, string intsAttribute)
    {
        _ints = node.Ints(intsAttribute);
        _strings = node.Strings("classlabels_strings");
        if ((_ints is null || _ints.Length == 0) && (_strings is null || _strings.Length == 0))
            throw node.Error($"has neither {intsAttribute} nor classlabels_strings");
        if (_ints is { Length: 0 }) _ints = null;
    }

    public int Count => _ints?.Length ?? _strings!.Length;

    public Tensor Allocate(KernelContext ctx, int rows) =>
        ctx.Alloc(_ints is not null ? TensorType.Int64 : TensorType.String, [rows]);

    public void Write(Tensor labels, int row, int classIndex)
    {
        if (_ints is not null) labels.As<long>()[row] = _ints[classIndex];
        else labels.As<string?>()[row] = _strings![classIndex];
    }
}
