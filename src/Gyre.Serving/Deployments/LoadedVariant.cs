using Gyre.Serving.Hosting;

namespace Gyre.Serving.Deployments;

/// <summary>A variant of a deployment with its model loaded and its counters.</summary>
public sealed class LoadedVariant
{
    internal LoadedVariant(string name, string modelUri, ServedModel served, string location)
    {
        Name = name;
        ModelUri = modelUri;
        Served = served;
        Location = location;
        CacheSeed = Caching.PredictionCache.SeedOf($"{name}\n{served.Version}\n{location}\n{served.Model.Format}");
    }

    /// <summary>Seeds the prediction cache's key, so a cached answer is only ever reused for this very model.</summary>
    internal long CacheSeed { get; }

    public string Name { get; }

    public string ModelUri { get; }

    /// <summary>The model and the version label it answers under (<c>x-gyre-model-version</c>, metrics).</summary>
    public ServedModel Served { get; }

    public string Version => Served.Version;

    /// <summary>Where the model's files came from.</summary>
    public string Location { get; }

    public VariantCounters Counters { get; } = new();
}
