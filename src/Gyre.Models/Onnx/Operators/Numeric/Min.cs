namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Min: elementwise minimum of any number of inputs, broadcast.</summary>
public sealed class MinOp() : VariadicKernel(VariadicKind.Min);
