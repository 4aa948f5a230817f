using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX GlobalAveragePool: the mean of each (batch, channel) plane.</summary>
public sealed class GlobalAveragePoolOp() : GlobalPoolKernel(max: false);
