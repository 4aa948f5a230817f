using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>ai.onnx.ml Imputer: replaces the missing marker (NaN by default) with per-feature values.</summary>
public sealed class ImputerOp : OnnxKernel
{
    private readonly float[]? _floats;
    private readonly long[]? _ints;
    private readonly float _replacedFloat;
    private readonly long _replacedInt;

    public ImputerOp(OnnxNode node)
    {
        _floats = node.Floats("imputed_value_floats");
        _ints = node.Ints("imputed_value_int64s");
        if (_floats is { Length: 0 }) _floats = null;
        if (_ints is { Length: 0 }) _ints = null;
        if (_floats is null == _ints is null) throw node.Error("exactly one of imputed_value_floats and imputed_value_int64s must be set");
        _replacedFloat = node.Float("replaced_value_float", float.NaN);
        _replacedInt = node.Int("replaced_value_int64", 0);
    }

    public override bool AcceptsMissingValues => true;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var f = x.Rank == 0 ? 1 : x.Dim(-1);
        var count = (_floats?.Length ?? _ints!.Length);
        if (count != 1 && count != f) throw ctx.Node.Error($"input has {f} features but {count} imputed values are given");
        switch (x.Type)
        {
            case TensorType.Float32 when _floats is not null:
            {
                var y = ctx.Alloc(TensorType.Float32, x.Shape);
                var (src, dst) = (x.As<float>(), y.As<float>());
                for (var i = 0; i < src.Length; i++)
                {
                    var v = src[i];
                    var missing = float.IsNaN(_replacedFloat) ? float.IsNaN(v) : v == _replacedFloat;
                    dst[i] = missing ? _floats[count == 1 ? 0 : i % f] : v;
                }
                ctx.SetOutput(0, y);
                break;
            }
            case TensorType.Float64 when _floats is not null:
            {
                var y = ctx.Alloc(TensorType.Float64, x.Shape);
                var (src, dst) = (x.As<double>(), y.As<double>());
                for (var i = 0; i < src.Length; i++)
                {
                    var v = src[i];
                    var missing = float.IsNaN(_replacedFloat) ? double.IsNaN(v) : v == _replacedFloat;
                    dst[i] = missing ? _floats[count == 1 ? 0 : i % f] : v;
                }
                ctx.SetOutput(0, y);
                break;
            }
            case TensorType.Int64 when _ints is not null:
            {
                var y = ctx.Alloc(TensorType.Int64, x.Shape);
                var (src, dst) = (x.As<long>(), y.As<long>());
                for (var i = 0; i < src.Length; i++) dst[i] = src[i] == _replacedInt ? _ints[count == 1 ? 0 : i % f] : src[i];
                ctx.SetOutput(0, y);
                break;
            }
            default:
                throw ctx.Node.Error($"input type {x.Type.ToName()} does not match the imputed values' type");
        }
    }
}
