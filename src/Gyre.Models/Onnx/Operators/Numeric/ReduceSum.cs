using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ReduceSum: sum over the axes (axes as input since opset 13).</summary>
public sealed class ReduceSumOp(OnnxNode node) : ReduceKernel(node, ReduceKind.Sum, axesInputSince: 13);
