using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>
/// ai.onnx.ml OneHotEncoder: appends a dimension of size |categories| with a 1 at the category's
/// position. Unknown categories give all zeros when zeros=1, and an error naming the value otherwise.
/// </summary>
public sealed class OneHotEncoderOp : OnnxKernel
{
    private readonly Dictionary<long, int>? _ints;
    private readonly Dictionary<string, int>? _strings;
    private readonly int _count;
    private readonly bool _zeros;

    public OneHotEncoderOp(OnnxNode node)
    {
        var ints = node.Ints("cats_int64s");
        var strings = node.Strings("cats_strings");
        if (ints is { Length: > 0 }) { _ints = []; for (var i = 0; i < ints.Length; i++) _ints.TryAdd(ints[i], i); _count = ints.Length; }
        else if (strings is { Length: > 0 }) { _strings = new(StringComparer.Ordinal); for (var i = 0; i < strings.Length; i++) _strings.TryAdd(strings[i], i); _count = strings.Length; }
        else throw node.Error("one of cats_int64s and cats_strings must be set");
        _zeros = node.Int("zeros", 1) != 0;
    }

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var y = ctx.Alloc(TensorType.Float32, [.. x.ShapeArray(), _count], clear: true);
        var output = y.As<float>();
        for (var i = 0; i < x.Length; i++)
        {
            int at;
            bool found;
            if (_strings is not null)
            {
                if (x.Type != TensorType.String) throw ctx.Node.Error($"categories are strings but the input is {x.Type.ToName()}");
                var v = x.As<string?>()[i] ?? "";
                found = _strings.TryGetValue(v, out at);
                if (!found && !_zeros) throw ctx.Node.Error($"value '{v}' is not one of the known categories");
            }
            else
            {
                long v = x.Type switch
                {
                    TensorType.Int64 => x.As<long>()[i],
                    TensorType.Int32 => x.As<int>()[i],
                    TensorType.Float32 => (long)x.As<float>()[i],
                    TensorType.Float64 => (long)x.As<double>()[i],
                    _ => throw ctx.Node.Error($"categories are integers but the input is {x.Type.ToName()}"),
                };
                found = _ints!.TryGetValue(v, out at);
                if (!found && !_zeros) throw ctx.Node.Error($"value {v} is not one of the known categories");
            }
            if (found) output[i * _count + at] = 1;
        }
        ctx.SetOutput(0, y);
    }
}
