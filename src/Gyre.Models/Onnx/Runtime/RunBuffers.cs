using Gyre.Models.Abstractions;

namespace Gyre.Models.Onnx.Runtime;

/// <summary>
/// Buffers for one run, recycled across runs: intermediates are returned here when their last consumer
/// has run, so a steady stream of same-sized batches allocates only its outputs. Buffers are reference
/// counted because view operators (Reshape, Flatten, ...) share one array between several values.
/// </summary>
internal sealed class RunBuffers
{
    private readonly Dictionary<(TensorType, int), Stack<Array>> _free = [];
    private readonly Dictionary<Array, int> _live = new(ReferenceEqualityComparer.Instance);

    public Array Rent(TensorType type, int length)
    {
        Array data;
        if (_free.TryGetValue((type, length), out var stack) && stack.Count > 0) data = stack.Pop();
        else data = Array.CreateInstance(type.ElementClrType(), length);
        _live[data] = 0;
        return data;
    }

    /// <summary>Whether <paramref name="data"/> was rented during the current run.</summary>
    public bool IsPooled(Array data) => _live.ContainsKey(data);

    public void AddReference(Array data)
    {
        if (_live.TryGetValue(data, out var n)) _live[data] = n + 1;
    }

    public void Release(Tensor tensor)
    {
        var data = tensor.Data;
        if (!_live.TryGetValue(data, out var n)) return;
        if (n > 1) { _live[data] = n - 1; return; }
        _live.Remove(data);
        if (data.Length == 0) return;
        if (data is string?[] strings) Array.Clear(strings);
        var key = (tensor.Type, data.Length);
        if (!_free.TryGetValue(key, out var stack)) _free[key] = stack = new Stack<Array>();
        stack.Push(data);
    }

    /// <summary>Ends a run: arrays still live went out as outputs (or were abandoned) and are forgotten.</summary>
    public void EndRun() => _live.Clear();
}
