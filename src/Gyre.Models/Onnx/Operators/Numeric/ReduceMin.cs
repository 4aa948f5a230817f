using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ReduceMin: minimum over the axes (axes as input since opset 18).</summary>
public sealed class ReduceMinOp(OnnxNode node) : ReduceKernel(node, ReduceKind.Min, axesInputSince: 18);
