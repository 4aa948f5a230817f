using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX MaxPool: the maximum over each window (optional Indices output).</summary>
public sealed class MaxPoolOp(OnnxNode node) : PoolKernel(node, max: true);
