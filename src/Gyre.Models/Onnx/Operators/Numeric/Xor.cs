using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Xor: elementwise boolean xor with broadcasting.</summary>
public sealed class XorOp() : LogicalKernel(LogicalKind.Xor);
