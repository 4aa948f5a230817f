using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX LessOrEqual: a &lt;= b elementwise with broadcasting.</summary>
public sealed class LessOrEqualOp() : ComparisonKernel(Comparison.LessOrEqual);
