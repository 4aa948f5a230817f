using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Loading;
using Gyre.Models.Onnx.Proto;

namespace Gyre.Models.Onnx.Runtime;

/// <summary>
/// A validated, topologically sorted graph: every value has an integer slot, every node its kernel and
/// the slots it reads and writes, and for each step the slots whose last reader it is (freed after it).
/// </summary>
internal sealed class ExecutionPlan
{
    public sealed record Step(OnnxNode Node, OnnxKernel Kernel, int[] Inputs, int[] Outputs, int[] FreeAfter);

    public required int SlotCount { get; init; }
    public required Step[] Steps { get; init; }
    public required (int Slot, Tensor Value)[] Initializers { get; init; }
    public required (TensorSpec Spec, int Slot, bool AllowMissing)[] Inputs { get; init; }
    public required (TensorSpec Spec, int Slot)[] Outputs { get; init; }

    public static ExecutionPlan Build(ModelProto model, string? baseDirectory, OperatorRegistry registry)
    {
        var graph = model.Graph ?? throw Invalid("the model has no graph");
        var opsets = new Dictionary<string, int>();
        foreach (var o in model.OpsetImport) opsets[OperatorRegistry.NormalizeDomain(o.Domain)] = (int)o.Version;
        if (model.OpsetImport.Count == 0) opsets[""] = 1;

        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int SlotOf(string name) => slots.TryGetValue(name, out var s) ? s : slots[name] = slots.Count;

        var initializers = new List<(int, Tensor)>();
        var available = new HashSet<string>(StringComparer.Ordinal);
        foreach (var init in graph.Initializer)
        {
            if (string.IsNullOrEmpty(init.Name)) throw Invalid("an initializer has no name");
            initializers.Add((SlotOf(init.Name), TensorProtoConverter.ToTensor(init, baseDirectory, $"initializer '{init.Name}'")));
            available.Add(init.Name);
        }

        var inputs = new List<(TensorSpec, int, bool)>();
        foreach (var vi in graph.Input)
        {
            if (available.Contains(vi.Name)) continue; // IR < 4 lists initializers as inputs too; they are not fed.
            inputs.Add((SpecOf(vi, "input"), SlotOf(vi.Name), false));
            available.Add(vi.Name);
        }

        // Kahn's algorithm over value availability; keeps the file's order among ready nodes.
        var pending = graph.Node.Select((n, i) => (Proto: n, Index: i)).ToList();
        var ordered = new List<(NodeProto Proto, int Index)>(pending.Count);
        while (pending.Count > 0)
        {
            var progressed = false;
            for (var i = 0; i < pending.Count; i++)
            {
                var (n, _) = pending[i];
                if (!n.Input.All(x => x.Length == 0 || available.Contains(x))) continue;
                ordered.Add(pending[i]);
                foreach (var o in n.Output) if (o.Length > 0) available.Add(o);
                pending.RemoveAt(i--);
                progressed = true;
            }
            if (!progressed)
            {
                var (n, idx) = pending[0];
                var missing = n.Input.First(x => x.Length > 0 && !available.Contains(x));
                var producedLater = pending.Any(p => p.Proto.Output.Contains(missing));
                throw Invalid(producedLater
                    ? $"the graph has a cycle through value '{missing}' (node '{NameOf(n, idx)}')"
                    : $"node '{NameOf(n, idx)}' ({n.OpType}) reads '{missing}', which no node, initializer or graph input produces");
            }
        }

        var steps = new List<Step>(ordered.Count);
        foreach (var (n, idx) in ordered)
        {
            var domain = OperatorRegistry.NormalizeDomain(n.Domain);
            if (!opsets.TryGetValue(domain, out var opset))
                throw Invalid($"node '{NameOf(n, idx)}' uses domain '{n.Domain}', which the model does not import");
            var node = new OnnxNode(n, opset, baseDirectory, idx);
            var factory = registry.Resolve(domain, n.OpType, opset)
                ?? throw new GyreException(ErrorCode.NOT_IMPLEMENTED,
                    $"ONNX operator {(domain.Length == 0 ? "" : domain + "::")}{n.OpType} (opset {opset}) used by node '{node.Name}' is not supported.");
            var kernel = factory(node);
            var ins = n.Input.Select(x => x.Length == 0 ? -1 : SlotOf(x)).ToArray();
            var outs = n.Output.Select(x => x.Length == 0 ? -1 : SlotOf(x)).ToArray();
            steps.Add(new Step(node, kernel, ins, outs, []));
        }

        var outputs = new List<(TensorSpec, int)>();
        foreach (var vi in graph.Output)
        {
            if (!slots.TryGetValue(vi.Name, out var slot) || !available.Contains(vi.Name))
                throw Invalid($"graph output '{vi.Name}' is not produced by any node");
            if (vi.Type?.SequenceType is not null)
            {
                // seq(map(label, float)) is what ZipMap makes; it travels as [N, C] plus the labels.
                var producer = steps.LastOrDefault(st => st.Outputs.Contains(slot));
                if (producer?.Kernel is not Operators.Ml.ZipMapOp zipMap)
                    throw new GyreException(ErrorCode.NOT_IMPLEMENTED, $"ONNX graph output '{vi.Name}' is a sequence; only ZipMap sequences of maps are supported.");
                outputs.Add((new TensorSpec(vi.Name, TensorType.Float32, [-1, zipMap.Labels.Count]) { ColumnLabels = zipMap.Labels }, slot));
                continue;
            }
            outputs.Add((SpecOf(vi, "output"), slot));
        }

        // Last use of each slot; graph outputs, inputs and initializers are never freed.
        var keep = new HashSet<int>(outputs.Select(o => o.Item2));
        foreach (var (s, _) in initializers) keep.Add(s);
        foreach (var (_, s, _) in inputs) keep.Add(s);
        var lastUse = new int[slots.Count];
        Array.Fill(lastUse, -1);
        for (var i = 0; i < steps.Count; i++)
        {
            foreach (var s in steps[i].Outputs) if (s >= 0) lastUse[s] = i;
            foreach (var s in steps[i].Inputs) if (s >= 0) lastUse[s] = i;
        }
        var finalSteps = steps.Select((st, i) => st with
        {
            FreeAfter = st.Inputs.Concat(st.Outputs).Where(s => s >= 0 && lastUse[s] == i && !keep.Contains(s)).Distinct().ToArray(),
        }).ToArray();

        // NaN is "missing" only for inputs read exclusively by operators that define it so.
        var finalInputs = inputs.Select(x =>
        {
            var readers = finalSteps.Where(st => st.Inputs.Contains(x.Item2)).ToList();
            return (x.Item1, x.Item2, readers.Count > 0 && readers.All(r => r.Kernel.AcceptsMissingValues));
        }).ToArray();

        return new ExecutionPlan
        {
            SlotCount = slots.Count,
            Steps = finalSteps,
            Initializers = initializers.ToArray(),
            Inputs = finalInputs,
            Outputs = outputs.ToArray(),
        };
    }

    private static string NameOf(NodeProto n, int index) => string.IsNullOrEmpty(n.Name) ? $"#{index}" : n.Name;

    private static TensorSpec SpecOf(ValueInfoProto vi, string role)
    {
        if (string.IsNullOrEmpty(vi.Name)) throw Invalid($"a graph {role} has no name");
        var tt = vi.Type?.TensorType;
        if (tt is null)
        {
            throw new GyreException(ErrorCode.NOT_IMPLEMENTED, $"ONNX graph {role} '{vi.Name}' is not a tensor; only tensor inputs are supported.");
        }
        if (!TensorProtoConverter.TryMapType(tt.ElemType, out var type))
            throw new GyreException(ErrorCode.NOT_IMPLEMENTED,
                $"ONNX graph {role} '{vi.Name}' has element type {TensorProtoConverter.OnnxTypeName(tt.ElemType)}, which is not supported.");
        IReadOnlyList<int>? shape = tt.Shape is null ? null
            : tt.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? (int)d.DimValue : -1).ToArray();
        return new TensorSpec(vi.Name, type, shape);
    }

    private static GyreException Invalid(string problem) => GyreException.InvalidParameter($"Invalid ONNX model: {problem}.");
}
