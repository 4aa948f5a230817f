using Gyre.Core.Errors;

namespace Gyre.Serving.Routing;

/// <summary>
/// Shares of traffic per variant (e.g. champion 95 %, challenger 5 %), turned into a pick from a number
/// in [0, 1): a random one for a plain split, a hash of the request key for a sticky one.
/// </summary>
public sealed class TrafficSplit
{
    private readonly string[] _names;
    private readonly double[] _cumulative;

    public TrafficSplit(IReadOnlyDictionary<string, double> weights)
    {
        if (weights.Count == 0) throw GyreException.InvalidParameter("A traffic split needs at least one variant.");
        var total = 0.0;
        foreach (var (name, weight) in weights)
        {
            if (!(weight >= 0) || double.IsInfinity(weight))
                throw GyreException.InvalidParameter($"Variant '{name}' has weight {weight}; weights must be finite and non-negative.");
            total += weight;
        }
        if (total <= 0) throw GyreException.InvalidParameter("A traffic split needs a positive total weight.");
        // Sorted by name, so the same weights always map the same hash to the same variant.
        var ordered = weights.OrderBy(w => w.Key, StringComparer.Ordinal).ToArray();
        _names = ordered.Select(w => w.Key).ToArray();
        _cumulative = new double[ordered.Length];
        var running = 0.0;
        for (var i = 0; i < ordered.Length; i++)
        {
            running += ordered[i].Value / total;
            _cumulative[i] = running;
        }
        _cumulative[^1] = 1.0;
        Shares = ordered.ToDictionary(w => w.Key, w => w.Value / total, StringComparer.Ordinal);
    }

    /// <summary>Each variant's share of traffic, summing to 1.</summary>
    public IReadOnlyDictionary<string, double> Shares { get; }

    /// <summary>The variant whose slice of [0, 1) holds <paramref name="unit"/>.</summary>
    public string Pick(double unit)
    {
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (unit < _cumulative[i] && Shares[_names[i]] > 0) return _names[i];
        }
        for (var i = _names.Length - 1; i >= 0; i--)
        {
            if (Shares[_names[i]] > 0) return _names[i];
        }
        return _names[^1];
    }

    /// <summary>A sticky pick: the same key and salt always get the same variant while weights hold.</summary>
    public string PickFor(string key, string salt) => Pick(StableHash.UnitInterval(key, salt));

    /// <summary>A random pick, for requests with no key.</summary>
    public string PickRandom() => Pick(Random.Shared.NextDouble());
}
