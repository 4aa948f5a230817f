using Gyre.Core.Errors;

namespace Gyre.Learn.Trees;

/// <summary>Hyper-parameters of gradient-boosted trees, named and defaulted as XGBoost names them.</summary>
public sealed record GbdtOptions
{
    public LearningTask Task { get; init; } = LearningTask.BinaryClassification;
    /// <summary>Boosting rounds (one tree per round, one per class per round for multiclass).</summary>
    public int Rounds { get; init; } = 100;
    /// <summary>eta: shrinkage applied to every leaf value.</summary>
    public double LearningRate { get; init; } = 0.3;
    public int MaxDepth { get; init; } = 6;
    /// <summary>Minimum sum of hessians in a child.</summary>
    public double MinChildWeight { get; init; } = 1;
    /// <summary>L2 regularisation of leaf values.</summary>
    public double Lambda { get; init; } = 1;
    /// <summary>L1 regularisation of leaf values.</summary>
    public double Alpha { get; init; }
    /// <summary>min_split_loss: minimum loss reduction to make a split.</summary>
    public double Gamma { get; init; }
    /// <summary>Fraction of rows sampled (without replacement) for each round.</summary>
    public double Subsample { get; init; } = 1;
    /// <summary>Fraction of features sampled for each tree.</summary>
    public double ColsampleByTree { get; init; } = 1;
    /// <summary>Fraction of the tree's features sampled for each depth level.</summary>
    public double ColsampleByLevel { get; init; } = 1;
    /// <summary>Maximum number of bins per feature (at most 255).</summary>
    public int MaxBin { get; init; } = 255;
    /// <summary>Stop when the validation metric has not improved for this many rounds (needs a validation set).</summary>
    public int? EarlyStoppingRounds { get; init; }
    /// <summary>Initial prediction in prediction space (probability or value); default 0.5 as in XGBoost 1.x,
    /// or the label mean for regression when <see cref="BaseScoreFromData"/> is set.</summary>
    public double BaseScore { get; init; } = 0.5;
    /// <summary>Start from the label mean (regression) or class frequency (binary) instead of <see cref="BaseScore"/>.</summary>
    public bool BaseScoreFromData { get; init; }
    public int Seed { get; init; }
    /// <summary>Threads for histogram building; 0 = all cores.</summary>
    public int Threads { get; init; }
    /// <summary>Number of classes for multiclass classification; 0 = from the labels.</summary>
    public int ClassCount { get; init; }

    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw GyreException.InvalidParameter(message);
        }
        Check(Rounds >= 1, $"rounds must be at least 1, got {Rounds}.");
        Check(LearningRate > 0 && LearningRate <= 1, $"learning_rate must be in (0, 1], got {LearningRate}.");
        Check(MaxDepth is >= 1 and <= 30, $"max_depth must be in 1..30, got {MaxDepth}.");
        Check(MinChildWeight >= 0, $"min_child_weight must be >= 0, got {MinChildWeight}.");
        Check(Lambda >= 0 && Alpha >= 0 && Gamma >= 0, "lambda, alpha and gamma must be >= 0.");
        Check(Subsample > 0 && Subsample <= 1, $"subsample must be in (0, 1], got {Subsample}.");
        Check(ColsampleByTree > 0 && ColsampleByTree <= 1, $"colsample_bytree must be in (0, 1], got {ColsampleByTree}.");
        Check(ColsampleByLevel > 0 && ColsampleByLevel <= 1, $"colsample_bylevel must be in (0, 1], got {ColsampleByLevel}.");
        Check(MaxBin is >= 2 and <= 255, $"max_bin must be in 2..255, got {MaxBin}.");
        Check(EarlyStoppingRounds is null or >= 1, "early_stopping_rounds must be at least 1.");
        Check(Threads >= 0, "threads must be >= 0.");
        if (Task == LearningTask.BinaryClassification)
            Check(BaseScore > 0 && BaseScore < 1, $"base_score must be a probability in (0, 1) for classification, got {BaseScore}.");
    }
}
