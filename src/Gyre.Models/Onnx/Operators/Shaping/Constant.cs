using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Constant: the value attribute (value, value_float(s), value_int(s), value_string(s)), built once at load.</summary>
public sealed class ConstantOp : OnnxKernel
{
    private readonly Tensor _value;

    public ConstantOp(OnnxNode node)
    {
        if (node.Has("sparse_value")) throw node.Unsupported("sparse_value");
        _value = node.TensorAttr("value")
            ?? (node.Has("value_float") ? Tensor.FromFloat([node.Float("value_float", 0)]) : null)
            ?? (node.Floats("value_floats") is { } fs ? Tensor.FromFloat(fs, fs.Length) : null)
            ?? (node.Has("value_int") ? Tensor.FromInt64([node.Int("value_int", 0)]) : null)
            ?? (node.Ints("value_ints") is { } ls ? Tensor.FromInt64(ls, ls.Length) : null)
            ?? (node.Has("value_string") ? Tensor.FromString([node.String("value_string", "")]) : null)
            ?? (node.Strings("value_strings") is { } ss ? Tensor.FromString(ss, ss.Length) : null)
            ?? throw node.Error("has no value attribute");
    }

    // The output aliases the constant; it is never handed to the pool, and graph outputs are copied.
    public override void Run(KernelContext ctx) => ctx.SetOutput(0, _value);
}
