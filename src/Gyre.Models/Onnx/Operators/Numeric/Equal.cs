using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Equal: a == b elementwise with broadcasting (numbers, bool, string).</summary>
public sealed class EqualOp() : ComparisonKernel(Comparison.Equal);
