using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Loading;
using Gyre.Models.Onnx.Proto;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Tests.Onnx;

/// <summary>
/// The ONNX backend node tests installed by Debian's libonnx-testdata: one folder per case with
/// model.onnx and test_data_set_N/{input,output}_K.pb. Selects the cases whose operators Gyre supports.
/// </summary>
public static class OnnxNodeTestData
{
    public const string Root = "/usr/share/libonnx-testdata/data/node";

    private static readonly HashSet<int> SupportedElementTypes =
        [.. new[] { TensorType.Float32, TensorType.Float64, TensorType.Int64, TensorType.Int32, TensorType.Bool, TensorType.String }
            .Select(TensorProtoConverter.ToOnnxType)];

    public sealed record Case(string Name, string Directory, ModelProto Model)
    {
        /// <summary>Null when every graph input/output is a tensor of a supported element type, else why not.</summary>
        public string? UnsupportedIo()
        {
            foreach (var vi in Model.Graph.Input.Concat(Model.Graph.Output))
            {
                var tt = vi.Type?.TensorType;
                if (tt is null) return $"'{vi.Name}' is not a tensor (sequence/map/optional values are not supported)";
                if (!SupportedElementTypes.Contains(tt.ElemType)) return $"'{vi.Name}' has element type {TensorProtoConverter.OnnxTypeName(tt.ElemType)}";
            }
            return null;
        }
    }

    /// <summary>Every case whose nodes all resolve in the registry at the model's opsets.</summary>
    public static IReadOnlyList<Case> SupportedOperatorCases { get; } = Discover();

    private static List<Case> Discover()
    {
        var result = new List<Case>();
        if (!System.IO.Directory.Exists(Root)) return result;
        foreach (var dir in System.IO.Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "model.onnx");
            if (!File.Exists(file)) continue;
            ModelProto model;
            using (var s = File.OpenRead(file)) model = ModelProto.Parser.ParseFrom(s);
            var opsets = model.OpsetImport.ToDictionary(o => OperatorRegistry.NormalizeDomain(o.Domain), o => (int)o.Version);
            var supported = model.Graph.Node.All(n =>
                opsets.TryGetValue(OperatorRegistry.NormalizeDomain(n.Domain), out var v) && OperatorRegistry.Default.Supports(n.Domain, n.OpType, v));
            if (supported) result.Add(new Case(Path.GetFileName(dir), dir, model));
        }
        return result;
    }

    public static IEnumerable<(Dictionary<string, Tensor> Inputs, List<(string Name, Tensor Value)> Outputs)> DataSets(Case c)
    {
        foreach (var set in System.IO.Directory.GetDirectories(c.Directory, "test_data_set_*").Order(StringComparer.Ordinal))
        {
            var inputs = new Dictionary<string, Tensor>();
            var graphInputs = c.Model.Graph.Input.Where(i => c.Model.Graph.Initializer.All(init => init.Name != i.Name)).ToList();
            for (var k = 0; File.Exists(Path.Combine(set, $"input_{k}.pb")); k++)
            {
                var proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(set, $"input_{k}.pb")));
                var name = string.IsNullOrEmpty(proto.Name) ? graphInputs[k].Name : proto.Name;
                inputs[name] = TensorProtoConverter.ToTensor(proto, null, $"{c.Name} input {k}");
            }
            var outputs = new List<(string, Tensor)>();
            for (var k = 0; File.Exists(Path.Combine(set, $"output_{k}.pb")); k++)
            {
                var proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(set, $"output_{k}.pb")));
                var name = string.IsNullOrEmpty(proto.Name) ? c.Model.Graph.Output[k].Name : proto.Name;
                outputs.Add((name, TensorProtoConverter.ToTensor(proto, null, $"{c.Name} output {k}")));
            }
            yield return (inputs, outputs);
        }
    }
}
