using Google.Protobuf;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx;
using Gyre.Models.Onnx.Loading;
using Gyre.Models.Onnx.Proto;

namespace Gyre.Models.Tests.Support;

/// <summary>Builds small single-node ONNX models in memory for operator tests.</summary>
public sealed class OnnxGraphBuilder
{
    private readonly ModelProto _model = new() { IrVersion = 8, Graph = new GraphProto { Name = "test" } };
    private readonly NodeProto _node;

    public OnnxGraphBuilder(string opType, string domain = "", int opset = 13)
    {
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = domain.Length == 0 ? opset : 13 });
        if (domain.Length > 0) _model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = opset });
        _node = new NodeProto { Name = "node_under_test", OpType = opType, Domain = domain };
        _model.Graph.Node.Add(_node);
    }

    public static OnnxGraphBuilder Ml(string opType, int opset = 3) => new(opType, "ai.onnx.ml", opset);

    public OnnxGraphBuilder Input(string name, TensorType type, params int[] shape)
    {
        _model.Graph.Input.Add(Value(name, type, shape));
        _node.Input.Add(name);
        return this;
    }

    public OnnxGraphBuilder Initializer(string name, Tensor value)
    {
        _model.Graph.Initializer.Add(TensorProtoConverter.FromTensor(value, name));
        _node.Input.Add(name);
        return this;
    }

    public OnnxGraphBuilder Output(string name, TensorType type = TensorType.Float32, params int[] shape)
    {
        _model.Graph.Output.Add(Value(name, type, shape));
        _node.Output.Add(name);
        return this;
    }

    /// <summary>A seq(map(int64, float)) output, as ZipMap produces.</summary>
    public OnnxGraphBuilder SequenceOfMapsOutput(string name)
    {
        var map = new TypeProto { MapType = new TypeProto.Types.Map { KeyType = (int)TensorProto.Types.DataType.Int64, ValueType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } } };
        _model.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = map } } });
        _node.Output.Add(name);
        return this;
    }

    public OnnxGraphBuilder Attr(string name, long value) => Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
    public OnnxGraphBuilder Attr(string name, float value) => Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });
    public OnnxGraphBuilder Attr(string name, string value) => Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });

    public OnnxGraphBuilder Attr(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return Add(a);
    }

    public OnnxGraphBuilder Attr(string name, params float[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.Add(values);
        return Add(a);
    }

    public OnnxGraphBuilder Attr(string name, params string[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.Add(values.Select(ByteString.CopyFromUtf8));
        return Add(a);
    }

    private OnnxGraphBuilder Add(AttributeProto a)
    {
        _node.Attribute.Add(a);
        return this;
    }

    public ModelProto Proto => _model;

    public OnnxModel Build() => OnnxModel.FromProto(_model);

    private static ValueInfoProto Value(string name, TensorType type, int[] shape)
    {
        var s = new TensorShapeProto();
        foreach (var d in shape) s.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = TensorProtoConverter.ToOnnxType(type), Shape = s } } };
    }
}
