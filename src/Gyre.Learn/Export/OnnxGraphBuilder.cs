using Google.Protobuf;
using Gyre.Models.Onnx.Proto;

namespace Gyre.Learn.Export;

/// <summary>Small helpers to assemble an ONNX ModelProto with the generated protobuf types.</summary>
internal sealed class OnnxGraphBuilder
{
    public const string MlDomain = "ai.onnx.ml";
    private readonly GraphProto _graph = new() { Name = "gyre" };

    public OnnxGraphBuilder AddInput(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        _graph.Input.Add(Value(name, type, dims));
        return this;
    }

    public OnnxGraphBuilder AddOutput(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        _graph.Output.Add(Value(name, type, dims));
        return this;
    }

    public NodeProto AddNode(string opType, string domain, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = $"{opType}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        _graph.Node.Add(node);
        return node;
    }

    public ModelProto Build(IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "gyre",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = MlDomain, Version = 3 });
        foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Floats(string name, IEnumerable<float> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }

    public static AttributeProto Strings(string name, IEnumerable<string> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };
}
