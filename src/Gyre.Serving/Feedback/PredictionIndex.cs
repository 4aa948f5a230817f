using System.Collections.Concurrent;
using Gyre.Models.Abstractions;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Feedback;

/// <summary>
/// Remembers recently served requests by request id, so that feedback arriving later (a label, a reward) can be
/// attributed to the deployment and variant that answered, with the prediction it made. Bounded by count and
/// age: the oldest entries go first. Mirrored (shadow) answers are not indexed: feedback belongs to the answer
/// the caller got. OnScored runs on the request thread: one dictionary write and one queue append.
/// </summary>
public sealed class PredictionIndex : IScoringObserver
{
    private readonly ConcurrentDictionary<string, IndexedPrediction> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<IndexedPrediction> _order = new();
    private readonly TimeProvider _time;
    private readonly Lock _trimGate = new();
    private int _queued;

    private readonly Func<string, bool> _indexes;

    /// <param name="indexes">Which deployments' requests to keep (by name); all when null.</param>
    public PredictionIndex(FeedbackOptions? options = null, TimeProvider? time = null, Func<string, bool>? indexes = null)
    {
        _indexes = indexes ?? (static _ => true);
        Options = options ?? new FeedbackOptions();
        Options.Validate();
        _time = time ?? TimeProvider.System;
    }

    public FeedbackOptions Options { get; }

    /// <summary>Requests that can receive feedback now.</summary>
    public int Count => _entries.Count;

    public void OnScored(ScoredRequest scored)
    {
        // Failed requests made no prediction to judge; mirrored ones were not seen by the caller.
        if (scored.Mirrored || scored.StatusCode is < 200 or >= 300 || !_indexes(scored.Deployment)) return;
        var entry = new IndexedPrediction(scored.RequestId, scored.Deployment, scored.Variant, scored.ModelVersion,
            FirstValuePerRow(scored.Outputs, Options.MaxPredictionRows), scored.Timestamp);
        _entries[scored.RequestId] = entry;
        _order.Enqueue(entry);
        if (Interlocked.Increment(ref _queued) > Options.MaxEntries) Trim(_time.GetUtcNow());
    }

    /// <summary>The request's entry while it is within the count and age bounds.</summary>
    public bool TryGet(string requestId, out IndexedPrediction entry)
    {
        var now = _time.GetUtcNow();
        Trim(now);
        if (_entries.TryGetValue(requestId, out var found) && now - found.Timestamp <= Options.MaxAge)
        {
            entry = found;
            return true;
        }
        entry = null!;
        return false;
    }

    /// <summary>The first output's first value per row as doubles, for small numeric answers only.</summary>
    internal static double[]? FirstValuePerRow(IReadOnlyDictionary<string, Tensor>? outputs, int maxRows)
    {
        if (outputs is null || outputs.Count == 0) return null;
        Tensor? tensor = null;
        foreach (var output in outputs.Values)
        {
            tensor = output;
            break;
        }
        if (tensor is null || tensor.Type == TensorType.String || tensor.Rank == 0 || tensor.Length == 0) return null;
        var rows = tensor.Dim(0);
        if (rows == 0 || rows > maxRows) return null;
        var stride = tensor.Length / rows;
        var values = new double[rows];
        for (var row = 0; row < rows; row++)
        {
            var at = row * stride;
            values[row] = tensor.Type switch
            {
                TensorType.Float64 => tensor.As<double>()[at],
                TensorType.Float32 => tensor.As<float>()[at],
                TensorType.Int64 => tensor.As<long>()[at],
                TensorType.Int32 => tensor.As<int>()[at],
                _ => tensor.As<bool>()[at] ? 1 : 0,
            };
        }
        return values;
    }

    /// <summary>Forgets entries beyond the count bound or older than the age bound, oldest first.</summary>
    public void Trim(DateTimeOffset now)
    {
        lock (_trimGate)
        {
            while (_order.TryPeek(out var oldest)
                   && (Volatile.Read(ref _queued) > Options.MaxEntries || now - oldest.Timestamp > Options.MaxAge))
            {
                if (!_order.TryDequeue(out var dropped)) break;
                Interlocked.Decrement(ref _queued);
                // Only this very entry: a newer request with the same id keeps its own.
                _entries.TryRemove(new KeyValuePair<string, IndexedPrediction>(dropped.RequestId, dropped));
            }
        }
    }
}
