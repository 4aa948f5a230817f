using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Loading;
using Gyre.Models.Onnx.Proto;
using AttrType = Gyre.Models.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace Gyre.Models.Onnx.Runtime;

/// <summary>
/// A graph node as an operator sees it at load time: identity (for error messages), the opset its domain
/// was imported at, its input/output arity and typed attribute accessors.
/// </summary>
public sealed class OnnxNode
{
    private readonly Dictionary<string, AttributeProto> _attributes;
    private readonly string? _baseDirectory;

    internal OnnxNode(NodeProto proto, int opset, string? baseDirectory, int index)
    {
        Name = string.IsNullOrEmpty(proto.Name) ? $"#{index}" : proto.Name;
        OpType = proto.OpType;
        Domain = OperatorRegistry.NormalizeDomain(proto.Domain);
        Opset = opset;
        Inputs = proto.Input.ToArray();
        Outputs = proto.Output.ToArray();
        _baseDirectory = baseDirectory;
        _attributes = [];
        foreach (var a in proto.Attribute) _attributes[a.Name] = a;
    }

    public string Name { get; }
    public string OpType { get; }
    public string Domain { get; }
    public int Opset { get; }
    public IReadOnlyList<string> Inputs { get; }
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Whether optional input <paramref name="i"/> is wired (present and not the empty name).</summary>
    public bool HasInput(int i) => i < Inputs.Count && Inputs[i].Length > 0;

    public string Describe => $"node '{Name}' ({(Domain.Length == 0 ? "" : Domain + "::")}{OpType})";

    public GyreException Error(string problem) => GyreException.InvalidParameter($"ONNX {Describe}: {problem}");

    public GyreException Unsupported(string what) =>
        new(ErrorCode.NOT_IMPLEMENTED, $"ONNX {Describe}: {what} is not supported.");

    public bool Has(string name) => _attributes.ContainsKey(name);

    private AttributeProto? Get(string name, AttrType expected)
    {
        if (!_attributes.TryGetValue(name, out var a)) return null;
        if (a.Type != AttrType.Undefined && a.Type != expected)
            throw Error($"attribute '{name}' should be {expected} but is {a.Type}");
        return a;
    }

    public long Int(string name, long fallback) => Get(name, AttrType.Int) is { } a ? a.I : fallback;
    public float Float(string name, float fallback) => Get(name, AttrType.Float) is { } a ? a.F : fallback;
    public string String(string name, string fallback) => Get(name, AttrType.String) is { } a ? a.S.ToStringUtf8() : fallback;
    public long[]? Ints(string name) => Get(name, AttrType.Ints)?.Ints.ToArray();
    public float[]? Floats(string name) => Get(name, AttrType.Floats)?.Floats.ToArray();
    public string[]? Strings(string name) => Get(name, AttrType.Strings)?.Strings.Select(s => s.ToStringUtf8()).ToArray();

    public Tensor? TensorAttr(string name) =>
        Get(name, AttrType.Tensor) is { } a ? TensorProtoConverter.ToTensor(a.T, _baseDirectory, $"{Describe} attribute '{name}'") : null;

    public int[]? IntArray(string name) => Ints(name)?.Select(v => checked((int)v)).ToArray();

    /// <summary>Fails the load when an attribute this implementation does not honour has a non-default value.</summary>
    public void RequireDefault(string name, long defaultValue)
    {
        if (Has(name) && Int(name, defaultValue) != defaultValue) throw Unsupported($"attribute {name}={Int(name, defaultValue)}");
    }
}
