namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Mean: elementwise mean of any number of inputs, broadcast.</summary>
public sealed class MeanOp() : VariadicKernel(VariadicKind.Mean);
