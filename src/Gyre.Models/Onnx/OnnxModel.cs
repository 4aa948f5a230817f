using System.Collections.Concurrent;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Proto;
using Gyre.Models.Onnx.Runtime;
using Google.Protobuf;

namespace Gyre.Models.Onnx;

/// <summary>
/// An ONNX model run by Gyre's own interpreter: parsed and validated once, every operator resolved at
/// load time (an unsupported one fails the load), then executed step by step with pooled buffers.
/// </summary>
public sealed class OnnxModel : IModel
{
    private readonly ExecutionPlan _plan;
    private readonly ConcurrentBag<RunState> _states = [];
    private bool _disposed;

    private OnnxModel(ModelProto proto, ExecutionPlan plan)
    {
        _plan = plan;
        Signature = new ModelSignature(plan.Inputs.Select(i => i.Spec).ToArray(), plan.Outputs.Select(o => o.Spec).ToArray());
        IrVersion = proto.IrVersion;
        ProducerName = proto.ProducerName;
        OpsetImports = proto.OpsetImport.ToDictionary(o => OperatorRegistry.NormalizeDomain(o.Domain), o => o.Version);
        Metadata = proto.MetadataProps.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
    }

    public string Format => OnnxModelFormat.FormatName;
    public ModelSignature Signature { get; }
    public long IrVersion { get; }
    public string ProducerName { get; }
    public IReadOnlyDictionary<string, long> OpsetImports { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Operators in execution order, as "domain::OpType" names, for diagnostics.</summary>
    public IEnumerable<string> OperatorsInOrder => _plan.Steps.Select(s => s.Node.Domain.Length == 0 ? s.Node.OpType : $"{s.Node.Domain}::{s.Node.OpType}");

    public static OnnxModel Load(string path, OperatorRegistry? registry = null)
    {
        if (!File.Exists(path)) throw GyreException.NotFound($"ONNX model file '{path}' does not exist.");
        using var stream = File.OpenRead(path);
        return Load(stream, Path.GetDirectoryName(Path.GetFullPath(path)), registry);
    }

    /// <param name="baseDirectory">Where external tensor data lives; null if the model has none.</param>
    public static OnnxModel Load(Stream stream, string? baseDirectory = null, OperatorRegistry? registry = null)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw GyreException.InvalidParameter($"Invalid ONNX model: the file is corrupt or truncated ({ex.Message}).");
        }
        return FromProto(proto, baseDirectory, registry);
    }

    public static OnnxModel FromProto(ModelProto proto, string? baseDirectory = null, OperatorRegistry? registry = null)
    {
        if (proto.Graph is null || (proto.Graph.Node.Count == 0 && proto.Graph.Output.Count == 0))
            throw GyreException.InvalidParameter("Invalid ONNX model: the file holds no graph (is it an ONNX file?).");
        if (proto.IrVersion <= 0)
            throw GyreException.InvalidParameter("Invalid ONNX model: ir_version is missing.");
        return new OnnxModel(proto, ExecutionPlan.Build(proto, baseDirectory, registry ?? OperatorRegistry.Default));
    }

    public IReadOnlyDictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames = null) =>
        Execute(inputs, outputNames, null);

    /// <summary>
    /// Runs the model <paramref name="iterations"/> times and reports the time spent in each node, in
    /// execution order: the tool to find which operator dominates a model's latency.
    /// </summary>
    public IReadOnlyList<(string Node, string OpType, TimeSpan Elapsed)> ProfileNodes(IReadOnlyDictionary<string, Tensor> inputs, int iterations = 1)
    {
        var ticks = new long[_plan.Steps.Length];
        for (var i = 0; i < iterations; i++) Execute(inputs, null, ticks);
        return _plan.Steps.Select((s, i) => (s.Node.Name, s.Node.OpType, TimeSpan.FromTicks(ticks[i] * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency))).ToArray();
    }

    private IReadOnlyDictionary<string, Tensor> Execute(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames, long[]? nodeTicks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var name in inputs.Keys)
            if (_plan.Inputs.All(i => i.Spec.Name != name))
                throw GyreException.InvalidParameter(
                    $"Unknown input '{name}'. The model's inputs are: {string.Join(", ", Signature.Inputs)}.");
        if (outputNames is not null)
            foreach (var name in outputNames)
                if (_plan.Outputs.All(o => o.Spec.Name != name))
                    throw GyreException.InvalidParameter(
                        $"Unknown output '{name}'. The model's outputs are: {string.Join(", ", Signature.Outputs.Select(o => o.Name))}.");

        var state = _states.TryTake(out var s) ? s : new RunState(_plan.SlotCount);
        try
        {
            foreach (var (slot, value) in _plan.Initializers) state.Values[slot] = value;
            foreach (var (spec, slot, allowMissing) in _plan.Inputs)
            {
                if (!inputs.TryGetValue(spec.Name, out var t))
                    throw GyreException.InvalidParameter($"Missing input '{spec.Name}' ({spec}).");
                InputValidator.Check(spec, t, allowMissing);
                state.Values[slot] = t;
            }
            for (var stepIndex = 0; stepIndex < _plan.Steps.Length; stepIndex++)
            {
                var step = _plan.Steps[stepIndex];
                state.Context.Bind(step.Node, step.Inputs, step.Outputs);
                var started = nodeTicks is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    step.Kernel.Run(state.Context);
                    if (nodeTicks is not null) nodeTicks[stepIndex] += System.Diagnostics.Stopwatch.GetTimestamp() - started;
                }
                catch (GyreException) { throw; }
                catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or InvalidOperationException
                                               or ArithmeticException or InvalidCastException or OutOfMemoryException or NotSupportedException)
                {
                    throw step.Node.Error($"failed on the given inputs: {ex.Message}");
                }
                foreach (var o in step.Outputs)
                    if (o >= 0)
                    {
                        var t = state.Values[o] ?? throw step.Node.Error("did not produce output " + Array.IndexOf(step.Outputs, o));
                        state.Buffers.AddReference(t.Data);
                    }
                foreach (var f in step.FreeAfter)
                {
                    if (state.Values[f] is { } t) state.Buffers.Release(t);
                    state.Values[f] = null;
                }
            }

            var result = new Dictionary<string, Tensor>(_plan.Outputs.Length);
            foreach (var (spec, slot) in _plan.Outputs)
            {
                if (outputNames is not null && !outputNames.Contains(spec.Name)) continue;
                var t = state.Values[slot]!;
                // Outputs that alias inputs, initializers or another output are copied so the caller owns them.
                var fresh = state.Buffers.IsPooled(t.Data) && !result.Values.Any(r => ReferenceEquals(r.Data, t.Data));
                result[spec.Name] = fresh ? t : new Tensor(t.Type, t.Shape, (Array)t.Data.Clone());
            }
            return result;
        }
        finally
        {
            Array.Clear(state.Values);
            state.Buffers.EndRun();
            _states.Add(state);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _states.Clear();
    }

    private sealed class RunState
    {
        public RunState(int slots)
        {
            Values = new Tensor?[slots];
            Buffers = new RunBuffers();
            Context = new KernelContext(Values, Buffers);
        }

        public Tensor?[] Values { get; }
        public RunBuffers Buffers { get; }
        public KernelContext Context { get; }
    }
}
