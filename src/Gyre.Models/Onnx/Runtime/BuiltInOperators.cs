using Gyre.Models.Onnx.Operators.Numeric;

namespace Gyre.Models.Onnx.Runtime;

/// <summary>Every operator Gyre's ONNX interpreter implements, with the opset it is valid from.</summary>
internal static class BuiltInOperators
{
    public static OperatorRegistry CreateRegistry()
    {
        var r = new OperatorRegistry();
        const string ml = OperatorRegistry.MlDomain;
        _ = ml;

        // Elementwise arithmetic
        r.Add("", "Add", 7, _ => new AddOp());
        r.Add("", "Sub", 7, _ => new SubOp());
        r.Add("", "Mul", 7, _ => new MulOp());
        r.Add("", "Div", 7, _ => new DivOp());
        return r;
    }
}
