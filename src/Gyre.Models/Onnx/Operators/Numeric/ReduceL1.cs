using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ReduceL1: sum of absolute values over the axes.</summary>
public sealed class ReduceL1Op(OnnxNode node) : ReduceKernel(node, ReduceKind.L1, axesInputSince: 18);
