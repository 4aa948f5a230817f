using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Greater: a &gt; b elementwise with broadcasting.</summary>
public sealed class GreaterOp() : ComparisonKernel(Comparison.Greater);
