using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX LogSoftmax: x - log(sum(exp(x))) along an axis (2-D coercion before opset 13).</summary>
public sealed class LogSoftmaxOp(OnnxNode node) : SoftmaxKernel(node, log: true);
