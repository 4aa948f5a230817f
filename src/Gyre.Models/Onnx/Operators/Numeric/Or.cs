using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Or: elementwise boolean or with broadcasting.</summary>
public sealed class OrOp() : LogicalKernel(LogicalKind.Or);
