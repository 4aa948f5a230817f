using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX ReduceProd: product over the axes.</summary>
public sealed class ReduceProdOp(OnnxNode node) : ReduceKernel(node, ReduceKind.Prod, axesInputSince: 18);
