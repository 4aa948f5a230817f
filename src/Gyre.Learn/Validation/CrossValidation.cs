using Gyre.Core.Errors;
using Gyre.Learn.Data;
using Gyre.Learn.Metrics;

namespace Gyre.Learn.Validation;

/// <summary>The metrics of each fold and their mean and (sample) standard deviation.</summary>
public sealed record CrossValidationResult(IReadOnlyList<IReadOnlyDictionary<string, double>> Folds)
{
    public double Mean(string metric) => Folds.Average(f => f[metric]);

    public double StandardDeviation(string metric)
    {
        if (Folds.Count < 2) return 0;
        double mean = Mean(metric);
        return Math.Sqrt(Folds.Sum(f => (f[metric] - mean) * (f[metric] - mean)) / (Folds.Count - 1));
    }
}

/// <summary>k-fold cross-validation; stratified (class proportions kept per fold) for classification.</summary>
public static class CrossValidation
{
    /// <summary>Row indices of each fold's held-out part. Shuffled with <paramref name="seed"/>.</summary>
    public static int[][] Folds(Dataset data, int k, bool stratified, int seed = 0)
    {
        if (k < 2 || k > data.RowCount)
            throw GyreException.InvalidParameter($"k-fold cross-validation needs 2 <= k <= rows ({data.RowCount}), got k = {k}.");
        var random = new Random(seed);
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        var groups = stratified
            ? Enumerable.Range(0, data.RowCount).GroupBy(i => data.Labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : [Enumerable.Range(0, data.RowCount).ToArray()];
        int next = 0;
        foreach (var group in groups)
        {
            random.Shuffle(group);
            // Deal rows round-robin, continuing where the last class stopped, so fold sizes differ by at most one.
            foreach (var row in group) folds[next++ % k].Add(row);
        }
        return folds.Select(f => f.Order().ToArray()).ToArray();
    }

    /// <summary>Trains on k-1 folds and evaluates on the held-out one, k times.</summary>
    public static CrossValidationResult Run(Dataset data, int k, Func<Dataset, ITrainedModel> train, bool stratified, int seed = 0,
        CancellationToken cancellationToken = default)
    {
        var folds = Folds(data, k, stratified, seed);
        var results = new List<IReadOnlyDictionary<string, double>>();
        for (int i = 0; i < k; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var held = new HashSet<int>(folds[i]);
            var trainRows = Enumerable.Range(0, data.RowCount).Where(r => !held.Contains(r)).ToArray();
            var model = train(data.Subset(trainRows));
            results.Add(ModelEvaluation.Evaluate(model, data.Subset(folds[i])));
        }
        return new CrossValidationResult(results);
    }
}
