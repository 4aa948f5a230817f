using System.Diagnostics;
using System.Globalization;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Learn.Inference;
using Gyre.Learn.Metrics;
using Gyre.Models.Abstractions;
using Gyre.Stats.TwoSample;

namespace Gyre.Learn.Gates;

/// <summary>Checks a candidate model against a gate suite on a labelled holdout, optionally against a baseline.</summary>
public static class GateEvaluator
{
    public static GateReport Evaluate(GateSuite suite, IModel candidate, string candidatePath, DataFrame holdout, string target, IModel? baseline = null)
    {
        var truth = Target(holdout, target);
        var features = holdout.Drop(target);
        var scorer = new BatchScorer(candidate);
        var scores = HoldoutScores.From(scorer.Score(features), truth);
        HoldoutScores? baselineScores = null;
        var results = new List<GateResult>();
        foreach (var rule in suite.Rules)
        {
            results.Add(rule switch
            {
                MetricGate gate => CheckMetric(gate, scores, truth),
                LatencyGate gate => CheckLatency(gate, scorer, features),
                SizeGate gate => CheckSize(gate, candidatePath),
                FairnessGate gate => CheckFairness(gate, scores, truth, holdout),
                NoRegressionGate gate => CheckRegression(gate, scores,
                    baselineScores ??= HoldoutScores.From(new BatchScorer(baseline
                        ?? throw GyreException.InvalidParameter("The no_regression gate needs a baseline model (--baseline).")).Score(features), truth), truth),
                _ => throw new InvalidOperationException($"Unknown gate {rule.GetType().Name}."),
            });
        }
        return new GateReport(results);
    }


    private static GateResult CheckMetric(MetricGate gate, HoldoutScores scores, double[] truth)
    {
        var value = Metric(gate.Metric, scores, truth);
        var passed = (gate.Min is null || value >= gate.Min) && (gate.Max is null || value <= gate.Max);
        var threshold = gate.Min is not null && gate.Max is not null ? $"[{gate.Min}, {gate.Max}]" : gate.Min is not null ? $">= {gate.Min}" : $"<= {gate.Max}";
        return new GateResult(gate.Name, passed, value, threshold, $"{gate.Metric} on {truth.Length} holdout rows");
    }

    private static double Metric(string metric, HoldoutScores scores, double[] truth)
    {
        var labels = truth.Select(t => (float)t).ToArray();
        if (metric is "rmse" or "mae" or "r2")
        {
            var predictions = scores.Prediction.Select(p => (float)p).ToArray();
            return metric switch { "rmse" => RegressionMetrics.Rmse(labels, predictions), "mae" => RegressionMetrics.Mae(labels, predictions), _ => RegressionMetrics.R2(labels, predictions) };
        }
        if (!scores.IsClassification) throw GyreException.InvalidParameter($"Metric '{metric}' needs a classifier; this model predicts values.");
        if (metric is "roc_auc" or "log_loss")
        {
            var probabilities = scores.PositiveProbability?.Select(p => (float)p).ToArray()
                ?? throw GyreException.InvalidParameter($"Metric '{metric}' needs the probability of class 1; this model gives only labels or more than two classes.");
            return metric == "roc_auc" ? ClassificationMetrics.RocAuc(labels, probabilities) : ClassificationMetrics.LogLoss(labels, probabilities);
        }
        return metric switch
        {
            "accuracy" => ClassificationMetrics.Accuracy(labels, scores.PredictedClass),
            "precision" => ClassificationMetrics.Precision(labels, scores.PredictedClass),
            "recall" => ClassificationMetrics.Recall(labels, scores.PredictedClass),
            "f1" => ClassificationMetrics.F1(labels, scores.PredictedClass),
            _ => throw GyreException.InvalidParameter($"Unknown metric '{metric}'."),
        };
    }

    private static GateResult CheckLatency(LatencyGate gate, BatchScorer scorer, DataFrame features)
    {
        var rows = Math.Min(gate.SampleRows, features.RowCount);
        if (rows == 0) throw GyreException.InvalidParameter("The latency gate needs at least one holdout row.");
        var singles = Enumerable.Range(0, rows).Select(r => features.Slice(r, 1)).ToArray();
        foreach (var single in singles.Take(20)) scorer.Score(single); // warm-up: JIT and caches
        var milliseconds = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var started = Stopwatch.GetTimestamp();
            scorer.Score(singles[i]);
            milliseconds[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(milliseconds);
        var p99 = milliseconds[Math.Min(rows - 1, (int)Math.Ceiling(0.99 * rows) - 1)];
        return new GateResult(gate.Name, p99 <= gate.MaxP99Milliseconds, p99, $"<= {gate.MaxP99Milliseconds} ms",
            $"p99 of {rows} single-row predictions (median {milliseconds[rows / 2].ToString("0.###", CultureInfo.InvariantCulture)} ms)");
    }

    private static GateResult CheckSize(SizeGate gate, string path)
    {
        long bytes = File.Exists(path) ? new FileInfo(path).Length
            : Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : throw GyreException.NotFound($"Model path '{path}' does not exist.");
        var megabytes = bytes / (1024.0 * 1024.0);
        return new GateResult(gate.Name, bytes <= gate.MaxBytes, megabytes, $"<= {gate.MaxBytes / (1024.0 * 1024.0):0.##} MB", $"{bytes} bytes on disk");
    }

    private static GateResult CheckFairness(FairnessGate gate, HoldoutScores scores, double[] truth, DataFrame holdout)
    {
        if (!scores.IsClassification) throw GyreException.InvalidParameter("The fairness gate needs a classifier.");
        var groupColumn = holdout[gate.GroupColumn];
        var perGroup = new SortedDictionary<string, (int Rows, int Correct, int PredictedPositive, int Positives, int TruePositives)>(StringComparer.Ordinal);
        for (var r = 0; r < truth.Length; r++)
        {
            var group = Convert.ToString(groupColumn.GetValue(r), CultureInfo.InvariantCulture) ?? "(missing)";
            var s = perGroup.GetValueOrDefault(group);
            var predicted = scores.PredictedClass[r];
            s.Rows++;
            if (predicted == (int)truth[r]) s.Correct++;
            if (predicted == 1) s.PredictedPositive++;
            if (truth[r] == 1) { s.Positives++; if (predicted == 1) s.TruePositives++; }
            perGroup[group] = s;
        }
        var values = perGroup.ToDictionary(g => g.Key, g => gate.Metric switch
        {
            "accuracy" => (double)g.Value.Correct / g.Value.Rows,
            "recall" => g.Value.Positives == 0 ? double.NaN : (double)g.Value.TruePositives / g.Value.Positives,
            _ => (double)g.Value.PredictedPositive / g.Value.Rows,
        });
        var defined = values.Values.Where(double.IsFinite).ToArray();
        if (defined.Length < 2)
            return new GateResult(gate.Name, false, double.NaN, $"<= {gate.MaxGap}", $"fewer than two groups of '{gate.GroupColumn}' have a defined {gate.Metric}");
        var gap = defined.Max() - defined.Min();
        var detail = $"{gate.Metric} by {gate.GroupColumn}: " + string.Join(", ", values.Select(v => $"{v.Key}={v.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));
        return new GateResult(gate.Name, gap <= gate.MaxGap, gap, $"<= {gate.MaxGap}", detail);
    }

    private static GateResult CheckRegression(NoRegressionGate gate, HoldoutScores candidate, HoldoutScores baseline, double[] truth)
    {
        var candidateLoss = RowLosses(candidate, truth);
        var baselineLoss = RowLosses(baseline, truth);
        var meanDifference = candidateLoss.Zip(baselineLoss, (c, b) => c - b).Average();
        var lossName = candidate.PositiveProbability is not null ? "log loss" : candidate.IsClassification ? "error rate" : "squared error";
        if (candidateLoss.Zip(baselineLoss).All(p => p.First == p.Second))
            return new GateResult(gate.Name, true, 1, $"p >= {gate.Alpha}", $"identical per-row {lossName} to the baseline");
        var differences = candidateLoss.Zip(baselineLoss, (c, b) => c - b).ToArray();
        if (differences.All(d => d == differences[0]))
            // A constant difference has no variance to test: it is a regression exactly when it is positive.
            return new GateResult(gate.Name, meanDifference <= 0, meanDifference <= 0 ? 1 : 0, $"p >= {gate.Alpha}",
                $"per-row {lossName} differs from the baseline's by the same {meanDifference.ToString("0.#####", CultureInfo.InvariantCulture)} on every row");
        // H1: the candidate's per-row loss is greater than the baseline's.
        var test = TTest.Paired(candidateLoss, baselineLoss, Alternative.Greater);
        var detail = $"paired t-test on per-row {lossName}: mean difference {meanDifference.ToString("0.#####", CultureInfo.InvariantCulture)}, t = {test.Statistic.ToString("0.###", CultureInfo.InvariantCulture)}";
        return new GateResult(gate.Name, test.PValue >= gate.Alpha, test.PValue, $"p >= {gate.Alpha}", detail);
    }

    private static double[] RowLosses(HoldoutScores scores, double[] truth)
    {
        var losses = new double[truth.Length];
        for (var r = 0; r < truth.Length; r++)
        {
            if (scores.PositiveProbability is { } p)
            {
                var q = Math.Clamp(p[r], 1e-15, 1 - 1e-15);
                losses[r] = truth[r] == 1 ? -Math.Log(q) : -Math.Log(1 - q);
            }
            else if (scores.IsClassification) losses[r] = scores.PredictedClass[r] == (int)truth[r] ? 0 : 1;
            else losses[r] = (scores.Prediction[r] - truth[r]) * (scores.Prediction[r] - truth[r]);
        }
        return losses;
    }

    private static double[] Target(DataFrame holdout, string target)
    {
        var column = holdout[target];
        var values = column switch
        {
            DoubleColumn d => d.Values,
            BoolColumn b => b.Values.Select(v => v is null ? double.NaN : v.Value ? 1.0 : 0.0).ToArray(),
            _ => throw GyreException.InvalidParameter($"Target column '{target}' holds text; gates need a numeric (or true/false) target."),
        };
        var missing = Array.FindIndex(values, double.IsNaN);
        if (missing >= 0) throw GyreException.InvalidParameter($"Target column '{target}' is missing at row {missing}.");
        return values;
    }
}
