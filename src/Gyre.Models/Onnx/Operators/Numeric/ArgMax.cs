using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ArgMax: int64 index of the largest value along an axis.</summary>
public sealed class ArgMaxOp(OnnxNode node) : ArgExtremeKernel(node, max: true);
