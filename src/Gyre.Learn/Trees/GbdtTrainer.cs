using System.Diagnostics;
using Gyre.Core.Errors;
using Gyre.Learn.Data;
using Gyre.Learn.Metrics;

namespace Gyre.Learn.Trees;

/// <summary>
/// Trains gradient-boosted trees like XGBoost's <c>hist</c> tree method: features are binned into quantiles
/// once, each round fits one tree per output on the gradients and hessians of the loss (logistic, softmax
/// or squared error), missing values learn a default direction at every split, and an optional validation
/// set drives early stopping.
/// </summary>
public static class GbdtTrainer
{
    public static GbdtTrainingResult Train(Dataset train, GbdtOptions options, Dataset? validation = null,
        IProgress<BoostingRound>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (train.RowCount == 0) throw GyreException.InvalidParameter("The training data has no rows.");
        train.RequireLabels();
        if (validation is not null)
        {
            if (validation.FeatureCount != train.FeatureCount)
                throw GyreException.InvalidParameter($"The validation data has {validation.FeatureCount} features, the training data {train.FeatureCount}.");
            validation.RequireLabels();
        }
        if (options.EarlyStoppingRounds is not null && (validation is null || validation.RowCount == 0))
            throw GyreException.InvalidParameter("early_stopping_rounds needs a validation set.");

        var stopwatch = Stopwatch.StartNew();
        var task = options.Task;
        int classes = task switch
        {
            LearningTask.Regression => 1,
            LearningTask.BinaryClassification => 2,
            _ => Math.Max(options.ClassCount, Math.Max(train.CountClasses(), validation?.CountClasses() ?? 0)),
        };
        if (task == LearningTask.BinaryClassification)
            foreach (var y in train.Labels)
                if (y is not (0f or 1f)) throw GyreException.InvalidParameter($"Binary classification needs labels 0 or 1, found {y}.");
        int groups = task == LearningTask.MulticlassClassification ? classes : 1;

        float baseScore = (float)options.BaseScore;
        if (options.BaseScoreFromData && task != LearningTask.MulticlassClassification)
        {
            double mean = train.Labels.Average(y => (double)y);
            baseScore = task == LearningTask.BinaryClassification ? (float)Math.Clamp(mean, 1e-6, 1 - 1e-6) : (float)mean;
        }
        float baseMargin = task == LearningTask.BinaryClassification ? -MathF.Log(1f / baseScore - 1f) : baseScore;

        var binning = FeatureBinning.Fit(train.Features, train.RowCount, train.FeatureCount, options.MaxBin);
        var bins = binning.Transform(train.Features, train.RowCount);
        var validBins = validation is null ? null : binning.Transform(validation.Features, validation.RowCount);
        var grower = new TreeGrower(bins, binning, options);
        var random = new Random(options.Seed);

        int n = train.RowCount, f = train.FeatureCount;
        var margins = new float[n * groups];
        Array.Fill(margins, baseMargin);
        var validMargins = validation is null ? null : new float[validation.RowCount * groups];
        if (validMargins is not null) Array.Fill(validMargins, baseMargin);
        var grad = Enumerable.Range(0, groups).Select(_ => new float[n]).ToArray();
        var hess = Enumerable.Range(0, groups).Select(_ => new float[n]).ToArray();
        var allFeatures = Enumerable.Range(0, f).ToArray();
        var rowBuffer = new int[n];

        var metric = DefaultMetric(task);
        var trees = new List<GbdtTree>();
        var history = new List<BoostingRound>();
        int bestRound = 0;
        double bestValue = double.NaN;
        var trainOutput = new float[n * groups];
        var validOutput = validation is null ? null : new float[validation.RowCount * groups];

        for (int round = 0; round < options.Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ComputeGradients(task, groups, train.Labels, margins, grad, hess);
            int sampled = SampleRows(n, options.Subsample, random, rowBuffer);
            for (int k = 0; k < groups; k++)
            {
                var rows = rowBuffer.AsSpan(0, sampled).ToArray();
                var features = SampleFeatures(allFeatures, options.ColsampleByTree, random);
                var tree = grower.Grow(k, grad[k], hess[k], rows, features, random);
                trees.Add(tree);
                AddTree(tree, bins, f, n, groups, k, margins);
                if (validBins is not null) AddTree(tree, validBins, f, validation!.RowCount, groups, k, validMargins!);
            }

            double trainValue = Evaluate(task, groups, train.Labels, margins, trainOutput);
            double? validValue = validation is null ? null : Evaluate(task, groups, validation.Labels, validMargins!, validOutput!);
            var record = new BoostingRound(round + 1, options.Rounds, metric, trainValue, validValue);
            history.Add(record);
            progress?.Report(record);

            double watched = validValue ?? trainValue;
            if (double.IsNaN(bestValue) || watched < bestValue)
            {
                bestValue = watched;
                bestRound = round;
            }
            else if (options.EarlyStoppingRounds is { } patience && round - bestRound >= patience)
            {
                break;
            }
        }

        // With early stopping the model keeps the trees up to the best validation round.
        if (options.EarlyStoppingRounds is not null) trees.RemoveRange((bestRound + 1) * groups, trees.Count - (bestRound + 1) * groups);
        else bestRound = history.Count - 1;
        var model = new GbdtModel(task, classes, train.FeatureNames, baseScore, trees);
        return new GbdtTrainingResult(model, history, bestRound + 1, stopwatch.Elapsed);
    }

    private static string DefaultMetric(LearningTask task) => task switch
    {
        LearningTask.BinaryClassification => "logloss",
        LearningTask.MulticlassClassification => "mlogloss",
        _ => "rmse",
    };

    private static void ComputeGradients(LearningTask task, int groups, float[] labels, float[] margins, float[][] grad, float[][] hess)
    {
        int n = labels.Length;
        switch (task)
        {
            case LearningTask.BinaryClassification:
            {
                var g = grad[0];
                var h = hess[0];
                for (int i = 0; i < n; i++)
                {
                    float p = 1f / (1f + MathF.Exp(-margins[i]));
                    g[i] = p - labels[i];
                    h[i] = MathF.Max(p * (1f - p), 1e-16f);
                }
                break;
            }
            case LearningTask.Regression:
            {
                var g = grad[0];
                var h = hess[0];
                for (int i = 0; i < n; i++)
                {
                    g[i] = margins[i] - labels[i];
                    h[i] = 1f;
                }
                break;
            }
            default:
            {
                Span<float> p = groups <= 256 ? stackalloc float[groups] : new float[groups];
                for (int i = 0; i < n; i++)
                {
                    margins.AsSpan(i * groups, groups).CopyTo(p);
                    GbdtModel.Softmax(p);
                    int label = (int)labels[i];
                    for (int k = 0; k < groups; k++)
                    {
                        grad[k][i] = p[k] - (k == label ? 1f : 0f);
                        hess[k][i] = MathF.Max(2f * p[k] * (1f - p[k]), 1e-16f);
                    }
                }
                break;
            }
        }
    }

    private static int SampleRows(int n, double rate, Random random, int[] buffer)
    {
        if (rate >= 1)
        {
            for (int i = 0; i < n; i++) buffer[i] = i;
            return n;
        }
        int count = 0;
        for (int i = 0; i < n; i++)
            if (random.NextDouble() < rate) buffer[count++] = i;
        if (count == 0) buffer[count++] = random.Next(n);
        return count;
    }

    private static int[] SampleFeatures(int[] all, double rate, Random random)
    {
        if (rate >= 1) return all;
        int count = Math.Max(1, (int)Math.Round(all.Length * rate));
        var copy = (int[])all.Clone();
        random.Shuffle(copy);
        var chosen = copy[..count];
        Array.Sort(chosen);
        return chosen;
    }

    private static void AddTree(GbdtTree tree, byte[] bins, int features, int rows, int groups, int group, float[] margins)
    {
        for (int r = 0; r < rows; r++)
            margins[r * groups + group] += tree.Evaluate(bins.AsSpan(r * features, features));
    }

    private static double Evaluate(LearningTask task, int groups, float[] labels, float[] margins, float[] output)
    {
        switch (task)
        {
            case LearningTask.BinaryClassification:
                for (int i = 0; i < labels.Length; i++) output[i] = 1f / (1f + MathF.Exp(-margins[i]));
                return ClassificationMetrics.LogLoss(labels, output.AsSpan(0, labels.Length));
            case LearningTask.MulticlassClassification:
                margins.CopyTo(output, 0);
                for (int r = 0; r < labels.Length; r++) GbdtModel.Softmax(output.AsSpan(r * groups, groups));
                return ClassificationMetrics.MultiLogLoss(labels, output, groups);
            default:
                return RegressionMetrics.Rmse(labels, margins);
        }
    }
}
