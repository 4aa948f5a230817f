using System.Collections.Concurrent;

namespace Gyre.Serving.Observability.Feedback;

/// <summary>
/// What each recent request was predicted to be (the first row's label), by request id, so a delayed label
/// can be judged right or wrong. Holds at most <c>capacity</c> requests; the oldest are forgotten first.
/// </summary>
internal sealed class RecentPredictions(int capacity)
{
    private readonly ConcurrentDictionary<string, (string Variant, string Label)> _byRequest = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public int Count => _byRequest.Count;

    public void Remember(string requestId, string variant, string label)
    {
        if (!_byRequest.TryAdd(requestId, (variant, label))) return;
        _order.Enqueue(requestId);
        while (_byRequest.Count > capacity && _order.TryDequeue(out var oldest)) _byRequest.TryRemove(oldest, out _);
    }

    public bool TryGet(string requestId, out (string Variant, string Label) prediction) => _byRequest.TryGetValue(requestId, out prediction);
}
