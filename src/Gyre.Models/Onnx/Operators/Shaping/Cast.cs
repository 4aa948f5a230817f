using System.Globalization;
using System.Numerics;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Loading;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Cast: converts between float, double, int64, int32, bool and string (invariant culture).</summary>
public sealed class CastOp : OnnxKernel
{
    private readonly TensorType _to;

    public CastOp(OnnxNode node)
    {
        var to = (int)node.Int("to", 0);
        if (!TensorProtoConverter.TryMapType(to, out _to)) throw node.Unsupported($"cast to {TensorProtoConverter.OnnxTypeName(to)}");
        node.RequireDefault("saturate", 1);
    }

    public override void Run(KernelContext ctx) => ctx.SetOutput(0, Convert(ctx, ctx.In(0), _to));

    public static Tensor Convert(KernelContext ctx, Tensor x, TensorType to)
    {
        var y = ctx.Alloc(to, x.Shape);
        if (x.Type == to) { Array.Copy(x.Data, y.Data, x.Length); return y; }
        switch (x.Type)
        {
            case TensorType.Float32: From(x.As<float>(), y); break;
            case TensorType.Float64: From(x.As<double>(), y); break;
            case TensorType.Int64: From(x.As<long>(), y); break;
            case TensorType.Int32: From(x.As<int>(), y); break;
            case TensorType.Bool: From(x.As<bool>().Select(b => b ? 1 : 0).ToArray(), y); break;
            case TensorType.String: FromStrings(ctx, x.As<string?>(), y); break;
        }
        return y;
    }

    private static void From<T>(T[] src, Tensor y) where T : INumber<T>
    {
        switch (y.Type)
        {
            case TensorType.Float32: { var d = y.As<float>(); for (var i = 0; i < src.Length; i++) d[i] = float.CreateTruncating(src[i]); break; }
            case TensorType.Float64: { var d = y.As<double>(); for (var i = 0; i < src.Length; i++) d[i] = double.CreateTruncating(src[i]); break; }
            case TensorType.Int64: { var d = y.As<long>(); for (var i = 0; i < src.Length; i++) d[i] = long.CreateSaturating(src[i]); break; }
            case TensorType.Int32: { var d = y.As<int>(); for (var i = 0; i < src.Length; i++) d[i] = int.CreateTruncating(long.CreateSaturating(src[i])); break; }
            case TensorType.Bool: { var d = y.As<bool>(); for (var i = 0; i < src.Length; i++) d[i] = src[i] != T.Zero; break; }
            case TensorType.String:
            {
                var d = y.As<string?>();
                for (var i = 0; i < src.Length; i++) d[i] = Format(src[i]);
                break;
            }
        }
    }

    private static string Format<T>(T v) where T : INumber<T> => v switch
    {
        float f => float.IsNaN(f) ? "NaN" : float.IsPositiveInfinity(f) ? "INF" : float.IsNegativeInfinity(f) ? "-INF" : f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => v.ToString(null, CultureInfo.InvariantCulture),
    };

    private static void FromStrings(KernelContext ctx, string?[] src, Tensor y)
    {
        for (var i = 0; i < src.Length; i++)
        {
            var s = (src[i] ?? "").Trim();
            if (y.Type == TensorType.Bool) { y.As<bool>()[i] = s is not ("" or "0" or "false" or "False"); continue; }
            if (!double.TryParse(s.Replace("INF", "Infinity", StringComparison.OrdinalIgnoreCase), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw ctx.Node.Error($"cannot cast string '{src[i]}' (element {i}) to {y.Type.ToName()}");
            switch (y.Type)
            {
                case TensorType.Float32: y.As<float>()[i] = float.Parse(s.Replace("INF", "Infinity", StringComparison.OrdinalIgnoreCase), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case TensorType.Float64: y.As<double>()[i] = v; break;
                case TensorType.Int64: y.As<long>()[i] = (long)v; break;
                case TensorType.Int32: y.As<int>()[i] = (int)v; break;
            }
        }
    }
}
