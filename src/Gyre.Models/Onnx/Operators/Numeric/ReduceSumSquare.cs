using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ReduceSumSquare: sum of squares over the axes.</summary>
public sealed class ReduceSumSquareOp(OnnxNode node) : ReduceKernel(node, ReduceKind.SumSquare, axesInputSince: 18);
