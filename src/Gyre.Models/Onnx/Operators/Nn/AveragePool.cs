using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX AveragePool: the mean over each window (count_include_pad honoured).</summary>
public sealed class AveragePoolOp(OnnxNode node) : PoolKernel(node, max: false);
