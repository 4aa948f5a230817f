using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ReduceMax: maximum over the axes (axes as input since opset 18).</summary>
public sealed class ReduceMaxOp(OnnxNode node) : ReduceKernel(node, ReduceKind.Max, axesInputSince: 18);
