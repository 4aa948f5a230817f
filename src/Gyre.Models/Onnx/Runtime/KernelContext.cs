using Gyre.Models.Abstractions;

namespace Gyre.Models.Onnx.Runtime;

/// <summary>What a kernel sees while it runs: its input tensors, output slots and the run's buffer pool.</summary>
public sealed class KernelContext
{
    private readonly Tensor?[] _values;
    private readonly RunBuffers _buffers;
    private int[] _inputSlots = [];
    private int[] _outputSlots = [];

    internal KernelContext(Tensor?[] values, RunBuffers buffers)
    {
        _values = values;
        _buffers = buffers;
    }

    public OnnxNode Node { get; private set; } = null!;

    internal void Bind(OnnxNode node, int[] inputSlots, int[] outputSlots)
    {
        Node = node;
        _inputSlots = inputSlots;
        _outputSlots = outputSlots;
    }

    public int InputCount => _inputSlots.Length;

    public int OutputCount => _outputSlots.Length;

    /// <summary>Input <paramref name="i"/>, or null when an optional input is absent.</summary>
    public Tensor? Input(int i) => i < _inputSlots.Length && _inputSlots[i] >= 0 ? _values[_inputSlots[i]] : null;

    /// <summary>A required input.</summary>
    public Tensor In(int i) => Input(i) ?? throw Node.Error($"required input {i} is missing");

    /// <summary>Whether output <paramref name="i"/> is consumed by anyone (unused optional outputs can be skipped).</summary>
    public bool WantsOutput(int i) => i < _outputSlots.Length && _outputSlots[i] >= 0;

    public void SetOutput(int i, Tensor tensor)
    {
        if (WantsOutput(i)) _values[_outputSlots[i]] = tensor;
    }

    /// <summary>A tensor whose buffer comes from the run's pool. Contents are undefined unless <paramref name="clear"/>.</summary>
    public Tensor Alloc(TensorType type, ReadOnlySpan<int> shape, bool clear = false)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        if (n > Array.MaxLength) throw Node.Error($"output shape [{string.Join(", ", shape.ToArray())}] is too large");
        var data = _buffers.Rent(type, (int)n);
        if (clear) Array.Clear(data);
        return new Tensor(type, shape, data);
    }

    public Tensor Alloc<T>(ReadOnlySpan<int> shape, bool clear = false) => Alloc(TypeOf<T>(), shape, clear);

    public static TensorType TypeOf<T>() =>
        typeof(T) == typeof(float) ? TensorType.Float32 :
        typeof(T) == typeof(double) ? TensorType.Float64 :
        typeof(T) == typeof(long) ? TensorType.Int64 :
        typeof(T) == typeof(int) ? TensorType.Int32 :
        typeof(T) == typeof(bool) ? TensorType.Bool :
        typeof(T) == typeof(string) ? TensorType.String :
        throw new NotSupportedException(typeof(T).Name);
}
