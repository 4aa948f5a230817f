using System.Diagnostics;
using System.Globalization;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Learn.Data;
using Gyre.Learn.Linear;
using Gyre.Learn.Metrics;
using Gyre.Learn.Trees;

namespace Gyre.Learn.Training;

/// <summary>
/// Trains a model from data frames: picks the task from the target (or the <c>objective</c> parameter), maps
/// XGBoost-style parameter names onto the trainers' options, trains and evaluates on train and validation data.
/// </summary>
public static class ModelTrainer
{
    private static readonly string[] GbdtParameters =
    [
        "objective", "num_boost_round", "n_estimators", "rounds", "eta", "learning_rate", "max_depth", "min_child_weight",
        "lambda", "reg_lambda", "alpha", "reg_alpha", "gamma", "min_split_loss", "subsample", "colsample_bytree",
        "colsample_bylevel", "max_bin", "early_stopping_rounds", "seed", "nthread", "threads", "base_score",
    ];

    private static readonly string[] LinearParameters = ["objective", "l2", "max_iter", "tol"];

    /// <summary>Parses "name=value" pairs.</summary>
    public static Dictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0 || eq == pair.Length - 1)
                throw GyreException.InvalidParameter($"Parameter '{pair}' is not of the form name=value.");
            result[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }
        return result;
    }

    public static TrainingOutcome Train(TrainingRequest request, IProgress<BoostingRound>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var parameters = request.Parameters;
        var allowed = request.Kind == ModelKind.Gbdt ? GbdtParameters : LinearParameters;
        foreach (var name in parameters.Keys)
            if (!allowed.Contains(name))
                throw GyreException.InvalidParameter(
                    $"Unknown parameter '{name}' for {request.Kind.ToString().ToLowerInvariant()}; known: {string.Join(", ", allowed)}.");

        var task = ChooseTask(request);
        var (train, classLabels) = DatasetBuilder.FromFrame(request.Train, request.Target);
        if (task != LearningTask.Regression && classLabels is null) CheckClassLabels(train);
        Dataset? validation = null;
        if (request.Validation is not null)
            validation = DatasetBuilder.FromFrame(request.Validation, request.Target, train.FeatureNames, classLabels).Data;

        ITrainedModel model;
        IReadOnlyList<BoostingRound> history = [];
        var effective = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Kind == ModelKind.Gbdt)
        {
            var options = GbdtOptionsFrom(parameters, task);
            var result = GbdtTrainer.Train(train, options, validation, progress, cancellationToken);
            model = result.Model;
            history = result.History;
            effective["objective"] = result.Model.XgboostObjective;
            effective["num_boost_round"] = Text(options.Rounds);
            effective["eta"] = Text(options.LearningRate);
            effective["max_depth"] = Text(options.MaxDepth);
            effective["min_child_weight"] = Text(options.MinChildWeight);
            effective["lambda"] = Text(options.Lambda);
            effective["alpha"] = Text(options.Alpha);
            effective["gamma"] = Text(options.Gamma);
            effective["subsample"] = Text(options.Subsample);
            effective["colsample_bytree"] = Text(options.ColsampleByTree);
            effective["colsample_bylevel"] = Text(options.ColsampleByLevel);
            effective["max_bin"] = Text(options.MaxBin);
            effective["seed"] = Text(options.Seed);
            if (options.EarlyStoppingRounds is { } es)
            {
                effective["early_stopping_rounds"] = Text(es);
                effective["best_iteration"] = Text(result.BestRound);
            }
        }
        else
        {
            if (request.Kind == ModelKind.Linear && task != LearningTask.Regression)
                throw GyreException.InvalidParameter("The linear model is a regression; use --model logistic for a classification target.");
            if (request.Kind == ModelKind.Logistic && task == LearningTask.Regression)
                throw GyreException.InvalidParameter($"The target '{request.Target}' looks continuous; logistic regression needs class labels.");
            var options = new LinearOptions
            {
                Task = task,
                L2 = Number(parameters, "l2", 1.0),
                MaxIterations = (int)Number(parameters, "max_iter", 100),
                Tolerance = Number(parameters, "tol", 1e-8),
            };
            model = LinearTrainer.Train(train, options, cancellationToken);
            effective["l2"] = Text(options.L2);
            effective["max_iter"] = Text(options.MaxIterations);
        }
        effective["task"] = task.ToString();

        var trainMetrics = ModelEvaluation.Evaluate(model, train);
        var validMetrics = validation is null ? null : ModelEvaluation.Evaluate(model, validation);
        return new TrainingOutcome(model, request.Kind, request.Target, classLabels, effective, trainMetrics, validMetrics, history, stopwatch.Elapsed);
    }

    /// <summary>
    /// The task: from <c>objective</c> when given; otherwise classification for text/bool targets and for
    /// logistic regression, regression for the linear model; for GBDT a numeric target of 0/1 is binary,
    /// a few (at most 20) distinct integers multiclass, anything else regression.
    /// </summary>
    public static LearningTask ChooseTask(TrainingRequest request)
    {
        if (request.Parameters.TryGetValue("objective", out var objective))
            return objective switch
            {
                "binary:logistic" or "binary" => LearningTask.BinaryClassification,
                "multi:softprob" or "multi:softmax" or "multiclass" => LearningTask.MulticlassClassification,
                "reg:squarederror" or "regression" => LearningTask.Regression,
                _ => throw GyreException.InvalidParameter(
                    $"Unknown objective '{objective}'; use binary:logistic, multi:softprob or reg:squarederror."),
            };
        if (!request.Train.TryGetColumn(request.Target, out var target))
            throw GyreException.InvalidParameter($"The target column '{request.Target}' is not in the training data.");
        if (request.Kind == ModelKind.Linear) return LearningTask.Regression;
        int distinct;
        switch (target)
        {
            case DoubleColumn d:
                var values = d.Values.Where(v => !double.IsNaN(v)).Distinct().Take(21).ToArray();
                bool integers = values.All(v => v == Math.Floor(v) && v >= 0);
                if (request.Kind == ModelKind.Gbdt && (!integers || values.Length > 20)) return LearningTask.Regression;
                distinct = integers ? (int)values.DefaultIfEmpty(0).Max() + 1 : values.Length;
                break;
            case StringColumn s:
                distinct = s.Values.Where(v => v is not null).Distinct().Count();
                break;
            default:
                distinct = 2;
                break;
        }
        return distinct <= 2 ? LearningTask.BinaryClassification : LearningTask.MulticlassClassification;
    }

    private static void CheckClassLabels(Dataset data) => data.CountClasses();

    private static GbdtOptions GbdtOptionsFrom(IReadOnlyDictionary<string, string> p, LearningTask task)
    {
        var defaults = new GbdtOptions();
        int? earlyStopping = p.ContainsKey("early_stopping_rounds") ? (int)Number(p, "early_stopping_rounds", 0) : null;
        return new GbdtOptions
        {
            Task = task,
            Rounds = (int)Number(p, "num_boost_round", Number(p, "n_estimators", Number(p, "rounds", defaults.Rounds))),
            LearningRate = Number(p, "eta", Number(p, "learning_rate", defaults.LearningRate)),
            MaxDepth = (int)Number(p, "max_depth", defaults.MaxDepth),
            MinChildWeight = Number(p, "min_child_weight", defaults.MinChildWeight),
            Lambda = Number(p, "lambda", Number(p, "reg_lambda", defaults.Lambda)),
            Alpha = Number(p, "alpha", Number(p, "reg_alpha", defaults.Alpha)),
            Gamma = Number(p, "gamma", Number(p, "min_split_loss", defaults.Gamma)),
            Subsample = Number(p, "subsample", defaults.Subsample),
            ColsampleByTree = Number(p, "colsample_bytree", defaults.ColsampleByTree),
            ColsampleByLevel = Number(p, "colsample_bylevel", defaults.ColsampleByLevel),
            MaxBin = Math.Min(255, (int)Number(p, "max_bin", defaults.MaxBin)),
            EarlyStoppingRounds = earlyStopping,
            Seed = (int)Number(p, "seed", defaults.Seed),
            Threads = (int)Number(p, "nthread", Number(p, "threads", defaults.Threads)),
            BaseScore = Number(p, "base_score", defaults.BaseScore),
            // Without an explicit base_score a regression starts from the label mean (XGBoost 2.x does the same).
            BaseScoreFromData = task == LearningTask.Regression && !p.ContainsKey("base_score"),
        };
    }

    private static double Number(IReadOnlyDictionary<string, string> p, string name, double fallback)
    {
        if (!p.TryGetValue(name, out var text)) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw GyreException.InvalidParameter($"Parameter '{name}' must be a number, got '{text}'.");
        return value;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
