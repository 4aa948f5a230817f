using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ReduceMean: mean over the axes (axes as input since opset 18).</summary>
public sealed class ReduceMeanOp(OnnxNode node) : ReduceKernel(node, ReduceKind.Mean, axesInputSince: 18);
