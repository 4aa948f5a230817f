using Google.Protobuf;
using Gyre.Core.Errors;
using Gyre.Core.Testing;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx;
using Gyre.Models.Onnx.Proto;

namespace Gyre.Models.Tests.Onnx;

/// <summary>Bad files and bad inputs give a GyreException that names the problem, never a crash.</summary>
public sealed class OnnxModelErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gyre-onnx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string ReferenceModel(string name) => SharedData.PathOf("reference", "models", "onnx", "sklearn", name, "model.onnx");

    private static ModelProto SingleNodeModel(string opType, string domain = "")
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        if (domain.Length > 0) model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = 1 });
        model.Graph.Input.Add(TensorValue("x", TensorProto.Types.DataType.Float, -1, 3));
        model.Graph.Output.Add(TensorValue("y", TensorProto.Types.DataType.Float, -1, 3));
        var node = new NodeProto { Name = "the_node", OpType = opType, Domain = domain };
        node.Input.Add("x");
        node.Output.Add("y");
        model.Graph.Node.Add(node);
        return model;
    }

    private static ValueInfoProto TensorValue(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    [Fact]
    public void TruncatedFileIsRejectedAsCorrupt()
    {
        var bytes = File.ReadAllBytes(ReferenceModel("gradient_boosting_classifier_binary"));
        var path = Path.Combine(_dir, "truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<GyreException>(() => ModelLoader.Default.Load(path));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, ex.Code);
        Assert.Contains("corrupt or truncated", ex.Message);
    }

    [Fact]
    public void NonOnnxBytesAreRejected()
    {
        var path = Path.Combine(_dir, "text.onnx");
        File.WriteAllText(path, "this is not a protobuf file at all, just some text\n");
        var ex = Assert.Throws<GyreException>(() => ModelLoader.Default.Load(path, "onnx"));
        Assert.Contains("Invalid ONNX model", ex.Message);
    }

    [Fact]
    public void MissingFileIsNotFound()
    {
        var ex = Assert.Throws<GyreException>(() => ModelLoader.Default.Load(Path.Combine(_dir, "absent.onnx")));
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, ex.Code);
    }

    [Fact]
    public void UnknownFormatNameIsRejected()
    {
        var ex = Assert.Throws<GyreException>(() => ModelLoader.Default.Load(ReferenceModel("linear_regression"), "pickle"));
        Assert.Contains("Unknown model format 'pickle'", ex.Message);
    }

    [Fact]
    public void UnsupportedOperatorFailsAtLoadNamingOperatorAndNode()
    {
        var ex = Assert.Throws<GyreException>(() => OnnxModel.FromProto(SingleNodeModel("Hardmax")));
        Assert.Equal(ErrorCode.NOT_IMPLEMENTED, ex.Code);
        Assert.Contains("Hardmax", ex.Message);
        Assert.Contains("the_node", ex.Message);
    }

    [Fact]
    public void DanglingNodeInputIsRejectedAtLoad()
    {
        var model = SingleNodeModel("Relu");
        model.Graph.Node[0].Input[0] = "nowhere";
        var ex = Assert.Throws<GyreException>(() => OnnxModel.FromProto(model));
        Assert.Contains("'nowhere'", ex.Message);
    }

    [Fact]
    public void CycleIsRejectedAtLoad()
    {
        var model = SingleNodeModel("Relu");
        var a = new NodeProto { Name = "a", OpType = "Relu" }; a.Input.Add("b_out"); a.Output.Add("a_out");
        var b = new NodeProto { Name = "b", OpType = "Relu" }; b.Input.Add("a_out"); b.Output.Add("b_out");
        model.Graph.Node.Add(a);
        model.Graph.Node.Add(b);
        var ex = Assert.Throws<GyreException>(() => OnnxModel.FromProto(model));
        Assert.Contains("cycle", ex.Message);
    }

    [Fact]
    public void InitializerWithWrongByteCountIsRejected()
    {
        var model = SingleNodeModel("Add");
        model.Graph.Node[0].Input.Add("w");
        var w = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(new byte[7]) };
        w.Dims.Add(3);
        model.Graph.Initializer.Add(w);
        var ex = Assert.Throws<GyreException>(() => OnnxModel.FromProto(model));
        Assert.Contains("initializer 'w'", ex.Message);
    }

    [Fact]
    public void WrongInputNameDtypeShapeAndNaNAreNamed()
    {
        using var model = ModelLoader.Default.Load(ReferenceModel("logistic_regression_binary"));
        var good = Tensor.FromFloat(new float[15], 1, 15);

        var unknown = Assert.Throws<GyreException>(() => model.Predict(new Dictionary<string, Tensor> { ["features"] = good }));
        Assert.Contains("'features'", unknown.Message);

        var missing = Assert.Throws<GyreException>(() => model.Predict(new Dictionary<string, Tensor>()));
        Assert.Contains("Missing input 'input'", missing.Message);

        var dtype = Assert.Throws<GyreException>(() => model.Predict(new Dictionary<string, Tensor> { ["input"] = Tensor.FromDouble(new double[15], 1, 15) }));
        Assert.Contains("'input' must be float32", dtype.Message);

        var shape = Assert.Throws<GyreException>(() => model.Predict(new Dictionary<string, Tensor> { ["input"] = Tensor.FromFloat(new float[14], 1, 14) }));
        Assert.Contains("'input' must have shape [-1, 15]", shape.Message);

        var values = new float[30];
        values[17] = float.NaN;
        var nan = Assert.Throws<GyreException>(() => model.Predict(new Dictionary<string, Tensor> { ["input"] = Tensor.FromFloat(values, 2, 15) }));
        Assert.Contains("'input'", nan.Message);
        Assert.Contains("row 1", nan.Message);
    }

    [Fact]
    public void TreeModelsAcceptNaNAsMissing()
    {
        using var model = ModelLoader.Default.Load(ReferenceModel("random_forest_classifier_binary"));
        var values = new float[15];
        Array.Fill(values, float.NaN);
        var result = model.Predict(new Dictionary<string, Tensor> { ["input"] = Tensor.FromFloat(values, 1, 15) });
        var p = result["probabilities"].As<float>();
        Assert.Equal(1.0, p[0] + p[1], 5);
    }

    [Fact]
    public void RuntimeShapeMismatchInsideTheGraphNamesTheNode()
    {
        var model = SingleNodeModel("MatMul");
        model.Graph.Node[0].Input.Add("w");
        var w = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float };
        w.Dims.Add(4); w.Dims.Add(3);
        w.FloatData.Add(new float[12]);
        model.Graph.Initializer.Add(w);
        model.Graph.Input[0] = TensorValue("x", TensorProto.Types.DataType.Float, -1, -1);
        using var m = OnnxModel.FromProto(model);
        var ex = Assert.Throws<GyreException>(() => m.Predict(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat(new float[6], 2, 3) }));
        Assert.Contains("the_node", ex.Message);
        Assert.Contains("inner dimensions", ex.Message);
    }
}
