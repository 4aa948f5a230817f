using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX GlobalMaxPool: the maximum of each (batch, channel) plane.</summary>
public sealed class GlobalMaxPoolOp() : GlobalPoolKernel(max: true);
