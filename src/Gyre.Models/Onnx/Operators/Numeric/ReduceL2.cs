using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ReduceL2: Euclidean norm over the axes.</summary>
public sealed class ReduceL2Op(OnnxNode node) : ReduceKernel(node, ReduceKind.L2, axesInputSince: 18);
