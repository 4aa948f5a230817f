namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Sum: elementwise sum of any number of inputs, broadcast.</summary>
public sealed class SumOp() : VariadicKernel(VariadicKind.Sum);
