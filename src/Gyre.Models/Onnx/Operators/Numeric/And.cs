using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX And: elementwise boolean and with broadcasting.</summary>
public sealed class AndOp() : LogicalKernel(LogicalKind.And);
