using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Operators.Numeric;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;
using Math = System.Math;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>
/// ONNX Conv over any number of spatial dims, with groups, strides, dilations and padding: each group's
/// input patches are unfolded into a column matrix (im2col) and multiplied by the group's weights.
/// </summary>
public sealed class ConvOp(OnnxNode node) : OnnxKernel
{
    private readonly SpatialGeometry _geometry = new(node, allowCeil: false);
    private readonly int _groups = checked((int)node.Int("group", 1));

    public override void Run(KernelContext ctx)
    {
        Tensor x = ctx.In(0), w = ctx.In(1);
        var bias = ctx.Input(2);
        if (x.Type != TensorType.Float32 || w.Type != TensorType.Float32) throw Checks.UnsupportedType(ctx, x);
        if (w.Rank != x.Rank) throw ctx.Node.Error($"weights {Checks.ShapeText(w.Shape)} do not match input {Checks.ShapeText(x.Shape)}");
        var plan = _geometry.Resolve(ctx, x.Shape, w.ShapeArray()[2..]);
        int batch = x.Dim(0), channels = x.Dim(1), filters = w.Dim(0), cPerGroup = w.Dim(1);
        if (channels != cPerGroup * _groups || filters % _groups != 0)
            throw ctx.Node.Error($"{channels} input channels and {filters} filters do not fit group={_groups} with weights {Checks.ShapeText(w.Shape)}");
        if (bias is not null && bias.Length != filters) throw ctx.Node.Error($"B has {bias.Length} values for {filters} filters");
        var d = plan.Kernel.Length;
        var kernelSize = Checks.Product(plan.Kernel);
        var outSpatial = Checks.Product(plan.OutSize);
        var inSpatial = Checks.Product(plan.InSize);
        var fPerGroup = filters / _groups;
        var y = ctx.Alloc(TensorType.Float32, [batch, filters, .. plan.OutSize]);
        var (src, weights, dst) = (x.As<float>(), w.As<float>(), y.As<float>());
        var rows = cPerGroup * kernelSize;
        // Several batch items share one column matrix so the product runs over long rows; the chunk
        // keeps the matrix near 4 MB.
        var chunk = Math.Clamp((1 << 20) / Math.Max(1, rows * outSpatial), 1, Math.Max(1, batch));
        // Scratch matrices come from the shared pool: they can be megabytes and live for one call.
        var col = System.Buffers.ArrayPool<float>.Shared.Rent(rows * chunk * outSpatial);
        var product = System.Buffers.ArrayPool<float>.Shared.Rent(fPerGroup * chunk * outSpatial);
        try
        {
            Span<int> kIdx = stackalloc int[d];
            Span<int> oIdx = stackalloc int[d];
            for (var n0 = 0; n0 < batch; n0 += chunk)
            {
                var nb = Math.Min(chunk, batch - n0);
                var rowStride = nb * outSpatial;
                for (var g = 0; g < _groups; g++)
                {
                    // im2col: row (c, kernel position), column = (batch item, output position).
                    for (var nn = 0; nn < nb; nn++)
                    {
                        var n = n0 + nn;
                        var colOffset = nn * outSpatial;
                        if (d <= 2) Unfold2D(src, col, n * channels + g * cPerGroup, cPerGroup, plan, rowStride, colOffset);
                        else
                            for (var c = 0; c < cPerGroup; c++)
                            {
                                var channelBase = (n * channels + g * cPerGroup + c) * inSpatial;
                                for (var k = 0; k < kernelSize; k++)
                                {
                                    Unravel(k, plan.Kernel, kIdx);
                                    var rowSpan = col.AsSpan((c * kernelSize + k) * rowStride + colOffset, outSpatial);
                                    for (var o = 0; o < outSpatial; o++)
                                    {
                                        Unravel(o, plan.OutSize, oIdx);
                                        var offset = 0;
                                        var inside = true;
                                        for (var i = 0; i < d; i++)
                                        {
                                            var pos = oIdx[i] * plan.Strides[i] - plan.PadBegin[i] + kIdx[i] * plan.Dilations[i];
                                            if (pos < 0 || pos >= plan.InSize[i]) { inside = false; break; }
                                            offset = offset * plan.InSize[i] + pos;
                                        }
                                        rowSpan[o] = inside ? src[channelBase + offset] : 0f;
                                    }
                                }
                            }
                    }
                    MatrixProduct.Multiply<float>(weights.AsSpan(g * fPerGroup * rows, fPerGroup * rows), col.AsSpan(0, rows * rowStride),
                        product.AsSpan(0, fPerGroup * rowStride), fPerGroup, rows, rowStride, transB: false, accumulate: false);
                    // Scatter [filter, (item, position)] back to the [N, F, spatial] layout, adding the bias.
                    for (var nn = 0; nn < nb; nn++)
                        for (var f = 0; f < fPerGroup; f++)
                        {
                            var from = product.AsSpan(f * rowStride + nn * outSpatial, outSpatial);
                            var to = dst.AsSpan(((n0 + nn) * filters + g * fPerGroup + f) * outSpatial, outSpatial);
                            if (bias is null) from.CopyTo(to);
                            else System.Numerics.Tensors.TensorPrimitives.Add(from, bias.As<float>()[g * fPerGroup + f], to);
                        }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(col);
            System.Buffers.ArrayPool<float>.Shared.Return(product);
        }
        ctx.SetOutput(0, y);
    }

    /// <summary>im2col for 1-D and 2-D convolutions (1-D treated as height 1) with row-wise bounds checks.</summary>
    private static void Unfold2D(float[] src, float[] col, int firstPlane, int planes, SpatialGeometry.Plan plan, int rowStride, int colOffset)
    {
        var two = plan.Kernel.Length == 2;
        int kh = two ? plan.Kernel[0] : 1, kw = plan.Kernel[^1];
        int sh = two ? plan.Strides[0] : 1, sw = plan.Strides[^1];
        int dh = two ? plan.Dilations[0] : 1, dw = plan.Dilations[^1];
        int ph = two ? plan.PadBegin[0] : 0, pw = plan.PadBegin[^1];
        int h = two ? plan.InSize[0] : 1, w = plan.InSize[^1];
        int oh = two ? plan.OutSize[0] : 1, ow = plan.OutSize[^1];
        var row = 0;
        for (var c = 0; c < planes; c++)
        {
            var plane = src.AsSpan((firstPlane + c) * h * w, h * w);
            for (var ki = 0; ki < kh; ki++)
                for (var kj = 0; kj < kw; kj++, row++)
                {
                    var dst = col.AsSpan(row * rowStride + colOffset, oh * ow);
                    for (var y = 0; y < oh; y++)
                    {
                        var iy = y * sh - ph + ki * dh;
                        var line = dst.Slice(y * ow, ow);
                        if (iy < 0 || iy >= h) { line.Clear(); continue; }
                        var input = plane.Slice(iy * w, w);
                        for (var x = 0; x < ow; x++)
                        {
                            var ix = x * sw - pw + kj * dw;
                            line[x] = (uint)ix < (uint)w ? input[ix] : 0f;
                        }
                    }
                }
        }
    }

    internal static void Unravel(int flat, ReadOnlySpan<int> shape, Span<int> index)
    {
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            index[i] = flat % shape[i];
            flat /= shape[i];
        }
    }
}
