using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX GreaterOrEqual: a &gt;= b elementwise with broadcasting.</summary>
public sealed class GreaterOrEqualOp() : ComparisonKernel(Comparison.GreaterOrEqual);
