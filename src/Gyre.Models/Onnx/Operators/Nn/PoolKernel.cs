using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>
/// Shared body of MaxPool and AveragePool over any number of spatial dims (pads, strides, dilations, ceil_mode,
/// count_include_pad). Window offsets are computed once per output position and reused for every
/// (batch, channel) plane. MaxPool's optional Indices output uses row-major flat indices.
/// </summary>
public abstract class PoolKernel : OnnxKernel
{
    private readonly SpatialGeometry _geometry;
    private readonly bool _max;
    private readonly bool _countIncludePad;

    protected PoolKernel(OnnxNode node, bool max)
    {
        _max = max;
        _geometry = new SpatialGeometry(node, allowCeil: true);
        _countIncludePad = node.Int("count_include_pad", 0) != 0;
        if (max) node.RequireDefault("storage_order", 0);
        if (!max && node.Has("dilations") && node.IntArray("dilations")!.Any(v => v != 1)) throw node.Unsupported("AveragePool with dilations");
    }

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        if (x.Type != TensorType.Float32) throw Checks.UnsupportedType(ctx, x);
        var plan = _geometry.Resolve(ctx, x.Shape, null);
        var d = plan.Kernel.Length;
        int planes = x.Dim(0) * x.Dim(1);
        var inSpatial = Checks.Product(plan.InSize);
        var outSpatial = Checks.Product(plan.OutSize);
        var kernelSize = Checks.Product(plan.Kernel);
        var y = ctx.Alloc(TensorType.Float32, [x.Dim(0), x.Dim(1), .. plan.OutSize]);
        var indices = _max && ctx.WantsOutput(1) ? ctx.Alloc(TensorType.Int64, y.Shape) : null;
        var (src, dst) = (x.As<float>(), y.As<float>());
        // Window offsets per output position, computed once and reused for every (batch, channel) plane.
        var offsets = new int[outSpatial * kernelSize];
        var counts = new int[outSpatial];
        var divisors = new int[outSpatial];
        Span<int> oIdx = stackalloc int[d];
        Span<int> kIdx = stackalloc int[d];
        for (var o = 0; o < outSpatial; o++)
        {
            ConvOp.Unravel(o, plan.OutSize, oIdx);
            int count = 0, padded = 0;
            for (var k = 0; k < kernelSize; k++)
            {
                ConvOp.Unravel(k, plan.Kernel, kIdx);
                int offset = 0;
                bool inside = true, inPadded = true;
                for (var i = 0; i < d; i++)
                {
                    var pos = oIdx[i] * plan.Strides[i] - plan.PadBegin[i] + kIdx[i] * plan.Dilations[i];
                    if (pos >= plan.InSize[i] + plan.PadEnd[i]) inPadded = false;
                    if (pos < 0 || pos >= plan.InSize[i]) inside = false;
                    else offset = offset * plan.InSize[i] + pos;
                }
                if (inPadded) padded++;
                if (inside) offsets[o * kernelSize + count++] = offset;
            }
            counts[o] = count;
            divisors[o] = _countIncludePad ? padded : count;
        }
        var idx = indices?.As<long>();
        for (var p = 0; p < planes; p++)
        {
            var plane = src.AsSpan(p * inSpatial, inSpatial);
            for (var o = 0; o < outSpatial; o++)
            {
                var window = offsets.AsSpan(o * kernelSize, counts[o]);
                if (_max)
                {
                    var best = float.NegativeInfinity;
                    var bestAt = window.Length > 0 ? window[0] : 0;
                    foreach (var at in window)
                    {
                        var v = plane[at];
                        if (v > best || float.IsNaN(v)) { best = v; bestAt = at; }
                    }
                    dst[p * outSpatial + o] = best;
                    if (idx is not null) idx[p * outSpatial + o] = p * inSpatial + bestAt;
                }
                else
                {
                    var sum = 0f;
                    foreach (var at in window) sum += plane[at];
                    dst[p * outSpatial + o] = divisors[o] == 0 ? 0f : sum / divisors[o];
                }
            }
        }
        ctx.SetOutput(0, y);
        if (indices is not null) ctx.SetOutput(1, indices);
    }
}
