using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>
/// Output size and padding of a convolution or pooling window over the spatial dims (N, C, D1, ..., Dn):
/// kernel_shape, strides, dilations, pads (begin..., end...), auto_pad and ceil_mode as ONNX defines them.
/// </summary>
public sealed class SpatialGeometry(OnnxNode node, bool allowCeil)
{
    private readonly int[]? _kernel = node.IntArray("kernel_shape");
    private readonly int[]? _strides = node.IntArray("strides");
    private readonly int[]? _dilations = node.IntArray("dilations");
    private readonly int[]? _pads = node.IntArray("pads");
    private readonly string _autoPad = node.String("auto_pad", "NOTSET");
    private readonly bool _ceil = allowCeil && node.Int("ceil_mode", 0) != 0;

    public sealed record Plan(int[] Kernel, int[] Strides, int[] Dilations, int[] PadBegin, int[] PadEnd, int[] InSize, int[] OutSize);

    public Plan Resolve(KernelContext ctx, ReadOnlySpan<int> inputShape, int[]? kernelFromWeights)
    {
        var d = inputShape.Length - 2;
        if (d < 1) throw ctx.Node.Error($"input must be [N, C, spatial...] but has rank {inputShape.Length}");
        var kernel = _kernel ?? kernelFromWeights ?? throw ctx.Node.Error("kernel_shape is missing");
        if (kernel.Length != d) throw ctx.Node.Error($"kernel_shape has {kernel.Length} dims for {d} spatial dims");
        var strides = _strides ?? Enumerable.Repeat(1, d).ToArray();
        var dilations = _dilations ?? Enumerable.Repeat(1, d).ToArray();
        var inSize = inputShape[2..].ToArray();
        var padBegin = new int[d];
        var padEnd = new int[d];
        var outSize = new int[d];
        for (var i = 0; i < d; i++)
        {
            var effective = (kernel[i] - 1) * dilations[i] + 1;
            switch (_autoPad)
            {
                case "SAME_UPPER" or "SAME_LOWER":
                {
                    outSize[i] = (inSize[i] + strides[i] - 1) / strides[i];
                    var total = System.Math.Max(0, (outSize[i] - 1) * strides[i] + effective - inSize[i]);
                    padBegin[i] = _autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                    padEnd[i] = total - padBegin[i];
                    break;
                }
                case "VALID":
                    outSize[i] = (inSize[i] - effective) / strides[i] + 1;
                    break;
                case "NOTSET":
                {
                    var begin = _pads is null ? 0 : _pads[i];
                    var end = _pads is null ? 0 : _pads[i + d];
                    padBegin[i] = begin;
                    padEnd[i] = end;
                    var span = inSize[i] + begin + end - effective;
                    outSize[i] = (_ceil ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1;
                    // With ceil_mode the last window must start inside the input or the begin padding.
                    if (_ceil && (outSize[i] - 1) * strides[i] >= inSize[i] + begin) outSize[i]--;
                    break;
                }
                default: throw ctx.Node.Error($"auto_pad '{_autoPad}' is unknown");
            }
            if (outSize[i] < 1) throw ctx.Node.Error($"the window does not fit spatial dim {i} of size {inSize[i]}");
        }
        return new Plan(kernel, strides, dilations, padBegin, padEnd, inSize, outSize);
    }
}
