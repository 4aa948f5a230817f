using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Less: a &lt; b elementwise with broadcasting.</summary>
public sealed class LessOp() : ComparisonKernel(Comparison.Less);
