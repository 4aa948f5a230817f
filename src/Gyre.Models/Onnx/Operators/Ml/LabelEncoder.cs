using System.Globalization;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>
/// ai.onnx.ml LabelEncoder: maps each key to a value; unknown keys get the default. Opset 2+ uses
/// keys_*/values_* of any of string/int64/float; opset 1 maps between classes_strings and their indices.
/// </summary>
public sealed class LabelEncoderOp : OnnxKernel
{
    private readonly TensorType _keyType;
    private readonly TensorType _valueType;
    private readonly Dictionary<object, object> _map = [];
    private readonly object _default;

    public LabelEncoderOp(OnnxNode node)
    {
        object[] keys, values;
        if (node.Opset < 2)
        {
            var classes = node.Strings("classes_strings") ?? throw node.Error("attribute classes_strings is missing");
            // Direction is decided at run time by the input type; store string -> index here.
            _keyType = TensorType.String;
            _valueType = TensorType.Int64;
            keys = classes;
            values = classes.Select((_, i) => (object)(long)i).ToArray();
            _default = node.Int("default_int64", -1);
            DefaultString = node.String("default_string", "_Unused");
            Classes = classes;
        }
        else
        {
            (keys, _keyType) = Pick(node, "keys");
            (values, _valueType) = Pick(node, "values");
            if (keys.Length != values.Length) throw node.Error($"{keys.Length} keys but {values.Length} values");
            _default = _valueType switch
            {
                TensorType.String => node.String("default_string", "_Unused"),
                TensorType.Int64 => node.Int("default_int64", -1),
                _ => node.Float("default_float", -0f),
            };
        }
        for (var i = 0; i < keys.Length; i++) _map.TryAdd(keys[i], values[i]);
    }

    private string? DefaultString { get; }
    private string[]? Classes { get; }

    private static (object[], TensorType) Pick(OnnxNode node, string prefix)
    {
        if (node.Strings($"{prefix}_strings") is { Length: > 0 } s) return (s.Cast<object>().ToArray(), TensorType.String);
        if (node.Ints($"{prefix}_int64s") is { Length: > 0 } l) return (l.Cast<object>().ToArray(), TensorType.Int64);
        if (node.Floats($"{prefix}_floats") is { Length: > 0 } f) return (f.Cast<object>().ToArray(), TensorType.Float32);
        if (node.Has($"{prefix}_tensor")) throw node.Unsupported($"attribute {prefix}_tensor");
        throw node.Error($"none of {prefix}_strings, {prefix}_int64s, {prefix}_floats is set");
    }

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        if (Classes is not null && x.Type == TensorType.Int64)
        {
            // Opset 1, int64 -> string direction.
            var yi = ctx.Alloc(TensorType.String, x.Shape);
            var (src, dst) = (x.As<long>(), yi.As<string?>());
            for (var i = 0; i < src.Length; i++) dst[i] = src[i] >= 0 && src[i] < Classes.Length ? Classes[src[i]] : DefaultString;
            ctx.SetOutput(0, yi);
            return;
        }
        if (x.Type != _keyType) throw ctx.Node.Error($"input must be {_keyType.ToName()} but is {x.Type.ToName()}");
        var y = ctx.Alloc(_valueType, x.Shape);
        for (var i = 0; i < x.Length; i++)
        {
            object key = _keyType switch
            {
                TensorType.String => x.As<string?>()[i] ?? "",
                TensorType.Int64 => x.As<long>()[i],
                _ => x.As<float>()[i],
            };
            var v = _map.TryGetValue(key, out var found) ? found : _default;
            switch (_valueType)
            {
                case TensorType.String: y.As<string?>()[i] = (string)v; break;
                case TensorType.Int64: y.As<long>()[i] = (long)v; break;
                default: y.As<float>()[i] = Convert.ToSingle(v, CultureInfo.InvariantCulture); break;
            }
        }
        ctx.SetOutput(0, y);
    }
}
