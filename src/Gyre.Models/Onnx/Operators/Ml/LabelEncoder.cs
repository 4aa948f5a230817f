using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>
/// ai.onnx.ml LabelEncoder: maps each key to a value; unknown keys get the default. Opset 2+ uses
/// keys_*/values_* of string, int64 or float; opset 1 maps classes_strings to their indices (string
/// input) or back (int64 input). Lookups use typed dictionaries, so nothing is boxed per element.
/// </summary>
public sealed class LabelEncoderOp : OnnxKernel
{
    private readonly Dictionary<string, int>? _stringKeys;
    private readonly Dictionary<long, int>? _intKeys;
    private readonly Dictionary<float, int>? _floatKeys;
    private readonly TensorType _keyType;
    private readonly TensorType _valueType;
    private readonly string?[] _stringValues = [];
    private readonly long[] _intValues = [];
    private readonly float[] _floatValues = [];
    private readonly string _defaultString;
    private readonly long _defaultInt;
    private readonly float _defaultFloat;
    private readonly string[]? _classes;

    public LabelEncoderOp(OnnxNode node)
    {
        _defaultString = node.String("default_string", "_Unused");
        _defaultInt = node.Int("default_int64", -1);
        _defaultFloat = node.Float("default_float", -0f);
        if (node.Opset < 2)
        {
            _classes = node.Strings("classes_strings") ?? throw node.Error("attribute classes_strings is missing");
            _keyType = TensorType.String;
            _valueType = TensorType.Int64;
            _stringKeys = new(StringComparer.Ordinal);
            for (var i = 0; i < _classes.Length; i++) _stringKeys.TryAdd(_classes[i], i);
            _intValues = Enumerable.Range(0, _classes.Length).Select(i => (long)i).ToArray();
            return;
        }
        int keyCount;
        if (node.Strings("keys_strings") is { Length: > 0 } ks)
        {
            _keyType = TensorType.String; keyCount = ks.Length; _stringKeys = new(StringComparer.Ordinal);
            for (var i = 0; i < ks.Length; i++) _stringKeys.TryAdd(ks[i], i);
        }
        else if (node.Ints("keys_int64s") is { Length: > 0 } ki)
        {
            _keyType = TensorType.Int64; keyCount = ki.Length; _intKeys = [];
            for (var i = 0; i < ki.Length; i++) _intKeys.TryAdd(ki[i], i);
        }
        else if (node.Floats("keys_floats") is { Length: > 0 } kf)
        {
            _keyType = TensorType.Float32; keyCount = kf.Length; _floatKeys = [];
            for (var i = 0; i < kf.Length; i++) _floatKeys.TryAdd(kf[i], i);
        }
        else throw node.Has("keys_tensor") ? node.Unsupported("attribute keys_tensor") : node.Error("none of keys_strings, keys_int64s, keys_floats is set");

        if (node.Strings("values_strings") is { Length: > 0 } vs) { _valueType = TensorType.String; _stringValues = vs; }
        else if (node.Ints("values_int64s") is { Length: > 0 } vi) { _valueType = TensorType.Int64; _intValues = vi; }
        else if (node.Floats("values_floats") is { Length: > 0 } vf) { _valueType = TensorType.Float32; _floatValues = vf; }
        else throw node.Has("values_tensor") ? node.Unsupported("attribute values_tensor") : node.Error("none of values_strings, values_int64s, values_floats is set");
        var valueCount = _stringValues.Length + _intValues.Length + _floatValues.Length;
        if (valueCount != keyCount) throw node.Error($"{keyCount} keys but {valueCount} values");
    }

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        if (_classes is not null && x.Type == TensorType.Int64)
        {
            // Opset 1, int64 -> string direction.
            var back = ctx.Alloc(TensorType.String, x.Shape);
            var (src, dst) = (x.As<long>(), back.As<string?>());
            for (var i = 0; i < src.Length; i++) dst[i] = src[i] >= 0 && src[i] < _classes.Length ? _classes[src[i]] : _defaultString;
            ctx.SetOutput(0, back);
            return;
        }
        if (x.Type != _keyType) throw ctx.Node.Error($"input must be {_keyType.ToName()} but is {x.Type.ToName()}");
        var y = ctx.Alloc(_valueType, x.Shape);
        for (var i = 0; i < x.Length; i++)
        {
            var found = _keyType switch
            {
                TensorType.String => _stringKeys!.TryGetValue(x.As<string?>()[i] ?? "", out var at) ? at : -1,
                TensorType.Int64 => _intKeys!.TryGetValue(x.As<long>()[i], out var at) ? at : -1,
                _ => _floatKeys!.TryGetValue(x.As<float>()[i], out var at) ? at : -1,
            };
            Write(y, i, found);
        }
        ctx.SetOutput(0, y);
    }

    private void Write(Tensor y, int i, int at)
    {
        switch (_valueType)
        {
            case TensorType.String: y.As<string?>()[i] = at >= 0 ? _stringValues[at] : _defaultString; break;
            case TensorType.Int64: y.As<long>()[i] = at >= 0 ? _intValues[at] : _defaultInt; break;
            default: y.As<float>()[i] = at >= 0 ? _floatValues[at] : _defaultFloat; break;
        }
    }
}
