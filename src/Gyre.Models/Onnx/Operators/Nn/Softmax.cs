using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX Softmax: exp(x) / sum(exp(x)) along an axis (2-D coercion before opset 13).</summary>
public sealed class SoftmaxOp(OnnxNode node) : SoftmaxKernel(node, log: false);
