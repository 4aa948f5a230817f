using Gyre.Models.Abstractions;
using Gyre.Serving.Deployments;

namespace Gyre.IntegrationTests.Deployments;

/// <summary>
/// Loads real models, and for URIs <c>flaky:RATE:PATH</c> wraps the model so that it fails (throws, as a
/// broken model would) on a fixed fraction of the calls it gets: the failures come from the variant itself.
/// </summary>
internal sealed class FlakyModelSource : IModelSource
{
    private readonly ModelSource _inner = new(ModelLoader.Default);

    public async Task<LoadedModel> LoadAsync(string modelUri, CancellationToken ct)
    {
        if (!modelUri.StartsWith("flaky:", StringComparison.Ordinal)) return await _inner.LoadAsync(modelUri, ct);
        var parts = modelUri.Split(':', 3);
        var rate = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var loaded = await _inner.LoadAsync(parts[2], ct);
        return loaded with { Model = new FailingModel(loaded.Model, rate), Version = "flaky-" + loaded.Version };
    }

    /// <summary>Fails every call whose running number lands in the failing fraction (exactly <c>rate</c> of calls over time).</summary>
    private sealed class FailingModel(IModel inner, double rate) : IModel
    {
        private long _calls;

        public string Format => inner.Format;

        public ModelSignature Signature => inner.Signature;

        public IReadOnlyDictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames = null)
        {
            var call = Interlocked.Increment(ref _calls);
            if (Math.Floor(call * rate) > Math.Floor((call - 1) * rate))
                throw new InvalidOperationException($"model failure on call {call}");
            return inner.Predict(inputs, outputNames);
        }

        public void Dispose() => inner.Dispose();
    }
}
