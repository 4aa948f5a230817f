using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ReduceLogSumExp: log of the sum of exponentials over the axes.</summary>
public sealed class ReduceLogSumExpOp(OnnxNode node) : ReduceKernel(node, ReduceKind.LogSumExp, axesInputSince: 18);
