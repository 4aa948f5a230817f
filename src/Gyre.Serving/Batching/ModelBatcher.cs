using System.Diagnostics;
using Gyre.Models.Abstractions;
using Gyre.Serving.Hosting;

namespace Gyre.Serving.Batching;

/// <summary>
/// Dynamic batching for one loaded model version: requests' already-bound input tensors are queued, merged
/// row-wise (only requests with the same columns, tensor names, types, per-row shapes and requested outputs
/// share a call), scored by one <see cref="IModel.Predict"/> call, and split back so each caller gets exactly its own
/// rows. A merged call that fails is retried request by request, so a request the model cannot score fails
/// alone, with the error it would have had unbatched. A model whose outputs are not one row per input row
/// (so cannot be split) is then scored request by request.
/// </summary>
public sealed class ModelBatcher : IAsyncDisposable
{
    private readonly IModel _model;
    private readonly BatchMetrics _metrics;
    private readonly DynamicBatcher<BatchRequest, BatchAnswer> _batcher;
    private volatile bool _unsplittable;
    private long _modelCalls;
    private long _mergedRequests;

    public ModelBatcher(IModel model, BatchingOptions options, BatchMetrics metrics)
    {
        options.Validate("batching");
        _model = model;
        _metrics = metrics;
        Options = options;
        _batcher = new DynamicBatcher<BatchRequest, BatchAnswer>(ProcessAsync, options.MaxBatchSize, options.MaxQueueDelay,
            sizeOf: r => r.Rows, maxConcurrentBatches: Math.Max(1, Environment.ProcessorCount), gatherUntilQuiet: true);
    }

    public BatchingOptions Options { get; }

    /// <summary>Model calls made for queued requests, and the requests they answered (for tests and status).</summary>
    public long ModelCalls => Interlocked.Read(ref _modelCalls);

    public long BatchedRequests => Interlocked.Read(ref _mergedRequests);

    /// <summary>
    /// Scores a request's bound inputs, merged with concurrent requests when it can be. A request of
    /// <see cref="BatchingOptions.MaxBatchSize"/> rows or more, or whose tensors do not share a first
    /// dimension, is scored at once on the caller's thread. After the batcher is disposed (an update or
    /// delete replaced it), requests are scored directly too, so none fails for it.
    /// </summary>
    public async ValueTask<IReadOnlyDictionary<string, Tensor>> ScoreAsync(IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyList<string>? outputNames, CancellationToken cancellationToken, Protocols.InputFrame? frame = null)
    {
        var rows = TensorRows.RowsOf(inputs);
        if (rows == 0 || rows >= Options.MaxBatchSize || _unsplittable) return _model.Predict(inputs, outputNames);
        BatchAnswer answer;
        try
        {
            answer = await _batcher.EnqueueAsync(new BatchRequest(inputs, outputNames, rows, Stopwatch.GetTimestamp(), frame), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return _model.Predict(inputs, outputNames);
        }
        if (answer.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return answer.Outputs!;
    }

    public ValueTask DisposeAsync() => _batcher.DisposeAsync();

    private ValueTask<IReadOnlyList<BatchAnswer>> ProcessAsync(IReadOnlyList<BatchRequest> requests, CancellationToken _)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var r in requests) _metrics.QueueDelay.Observe(Stopwatch.GetElapsedTime(r.QueuedAt, started).TotalSeconds);
        var answers = new BatchAnswer[requests.Count];
        if (requests.Count == 1)
        {
            answers[0] = ScoreAlone(requests[0]);
            Count(1, requests[0].Rows);
            return ValueTask.FromResult<IReadOnlyList<BatchAnswer>>(answers);
        }
        // Usually every request has the same schema: one group. Otherwise one model call per schema.
        var done = new bool[requests.Count];
        var group = new List<int>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            if (done[i]) continue;
            group.Clear();
            for (var j = i; j < requests.Count; j++)
            {
                if (done[j] || !TensorRows.Compatible(requests[i], requests[j])) continue;
                group.Add(j);
                done[j] = true;
            }
            ScoreGroup(requests, group, answers);
        }
        return ValueTask.FromResult<IReadOnlyList<BatchAnswer>>(answers);
    }

    private void ScoreGroup(IReadOnlyList<BatchRequest> requests, List<int> group, BatchAnswer[] answers)
    {
        if (group.Count == 1 || _unsplittable)
        {
            foreach (var i in group)
            {
                answers[i] = ScoreAlone(requests[i]);
                Count(1, requests[i].Rows);
            }
            return;
        }
        var members = new BatchRequest[group.Count];
        var total = 0;
        for (var k = 0; k < members.Length; k++)
        {
            members[k] = requests[group[k]];
            total += members[k].Rows;
        }
        IReadOnlyDictionary<string, Tensor> outputs;
        try
        {
            outputs = _model.Predict(TensorRows.Concat(members, total), members[0].OutputNames);
            Count(members.Length, total);
        }
        catch (Exception)
        {
            // One request may be what the model cannot score: retry each alone, so only it fails.
            foreach (var i in group)
            {
                answers[i] = ScoreAlone(requests[i]);
                Count(1, requests[i].Rows);
            }
            return;
        }
        foreach (var tensor in outputs.Values)
        {
            if (tensor.Rank > 0 && tensor.Dim(0) == total) continue;
            _unsplittable = true; // outputs are not per row: batching cannot apply to this model
            foreach (var i in group) answers[i] = ScoreAlone(requests[i]);
            return;
        }
        var start = 0;
        for (var k = 0; k < members.Length; k++)
        {
            var own = new Dictionary<string, Tensor>(outputs.Count, StringComparer.Ordinal);
            foreach (var (name, tensor) in outputs) own[name] = TensorRows.Slice(tensor, start, members[k].Rows);
            answers[group[k]] = new BatchAnswer(own, null);
            start += members[k].Rows;
        }
    }

    private BatchAnswer ScoreAlone(BatchRequest request)
    {
        try
        {
            return new BatchAnswer(_model.Predict(request.Inputs, request.OutputNames), null);
        }
        catch (Exception error)
        {
            return new BatchAnswer(null, error);
        }
    }

    private void Count(int merged, int rows)
    {
        Interlocked.Increment(ref _modelCalls);
        Interlocked.Add(ref _mergedRequests, merged);
        _metrics.BatchSize.Observe(merged);
        _metrics.BatchRows.Observe(rows);
    }
}
