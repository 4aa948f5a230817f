namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Max: elementwise maximum of any number of inputs, broadcast.</summary>
public sealed class MaxOp() : VariadicKernel(VariadicKind.Max);
