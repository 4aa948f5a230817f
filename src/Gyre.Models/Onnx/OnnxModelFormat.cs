using Gyre.Models.Abstractions;

namespace Gyre.Models.Onnx;

/// <summary>The "onnx" format: a <c>.onnx</c> protobuf file (external data beside it).</summary>
public sealed class OnnxModelFormat : IModelFormat
{
    public const string FormatName = "onnx";

    public string Name => FormatName;

    public bool CanLoad(string path) => File.Exists(path) && path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    public IModel Load(string path) => OnnxModel.Load(path);
}
