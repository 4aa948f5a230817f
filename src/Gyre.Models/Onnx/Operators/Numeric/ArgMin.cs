using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ArgMin: int64 index of the smallest value along an axis.</summary>
public sealed class ArgMinOp(OnnxNode node) : ArgExtremeKernel(node, max: false);
