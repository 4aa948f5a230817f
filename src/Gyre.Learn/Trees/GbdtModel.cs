using Gyre.Core.Errors;
using Gyre.Models.Xgboost;

namespace Gyre.Learn.Trees;

/// <summary>
/// Gradient-boosted trees trained by <see cref="GbdtTrainer"/>. Trees follow XGBoost's conventions, so the
/// model scores with the same flattened <see cref="TreeEnsemble"/> as the XGBoost runtime and can be saved
/// as an XGBoost model file or exported to ONNX.
/// </summary>
public sealed class GbdtModel : ITrainedModel
{
    private readonly string[] _featureNames;

    public GbdtModel(LearningTask task, int classCount, IReadOnlyList<string> featureNames, float baseScore, IReadOnlyList<GbdtTree> trees)
    {
        Task = task;
        ClassCount = task == LearningTask.Regression ? 1 : classCount;
        _featureNames = [.. featureNames];
        BaseScore = baseScore;
        Trees = trees;
        int groups = GroupCount;
        var baseMargins = Enumerable.Repeat(BaseMargin, groups).ToArray();
        var builder = new TreeEnsembleBuilder(_featureNames.Length, baseMargins);
        foreach (var tree in trees)
            builder.AddTree(tree.Group, tree.Left, tree.Right, tree.Feature, tree.SplitConditions(), tree.DefaultLeft);
        Ensemble = builder.Build();
    }

    public LearningTask Task { get; }
    public int ClassCount { get; }
    public IReadOnlyList<string> FeatureNames => _featureNames;
    public int FeatureCount => _featureNames.Length;
    public int OutputWidth => Task == LearningTask.MulticlassClassification ? ClassCount : 1;

    /// <summary>Trees (and outputs) per round: the class count for multiclass, otherwise 1.</summary>
    public int GroupCount => Task == LearningTask.MulticlassClassification ? ClassCount : 1;

    /// <summary>base_score in prediction space (a probability for binary classification).</summary>
    public float BaseScore { get; }

    /// <summary>The margin every row starts from: logit(base_score) for binary classification.</summary>
    public float BaseMargin => Task == LearningTask.BinaryClassification ? -MathF.Log(1f / BaseScore - 1f) : BaseScore;

    public IReadOnlyList<GbdtTree> Trees { get; }

    public TreeEnsemble Ensemble { get; }

    /// <summary>The XGBoost objective with the same loss and output transform.</summary>
    public string XgboostObjective => Task switch
    {
        LearningTask.BinaryClassification => "binary:logistic",
        LearningTask.MulticlassClassification => "multi:softprob",
        _ => "reg:squarederror",
    };

    /// <summary>The model as an XGBoost 1.7 JSON model file (loadable by XGBoost, MLflow and <see cref="XgboostModel"/>).</summary>
    public byte[] ToXgboostJson() => XgboostModelWriter.ToJson(XgboostObjective, FeatureCount, ClassCount, BaseScore, _featureNames,
        Trees.Select(t => new XgboostTreeArrays(t.Group, t.Left, t.Right, t.Feature, t.SplitConditions(), t.DefaultLeft, t.BaseWeight, t.Gain, t.Cover)).ToList());

    public void PredictMargins(ReadOnlySpan<float> rows, int rowCount, Span<float> margins) =>
        Ensemble.PredictMargins(rows, rowCount, FeatureCount, margins);

    public void Predict(ReadOnlySpan<float> rows, int rowCount, Span<float> output)
    {
        int width = OutputWidth;
        if ((long)rowCount * width > output.Length)
            throw GyreException.InvalidParameter($"The output buffer holds {output.Length} values, {(long)rowCount * width} are needed.");
        Ensemble.PredictMargins(rows, rowCount, FeatureCount, output);
        switch (Task)
        {
            case LearningTask.BinaryClassification:
                for (int i = 0; i < rowCount; i++) output[i] = 1f / (1f + MathF.Exp(-output[i]));
                break;
            case LearningTask.MulticlassClassification:
                for (int r = 0; r < rowCount; r++) Softmax(output.Slice(r * width, width));
                break;
        }
    }

    internal static void Softmax(Span<float> row)
    {
        float max = float.NegativeInfinity;
        foreach (var v in row) max = Math.Max(max, v);
        float sum = 0;
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = MathF.Exp(row[i] - max);
            sum += row[i];
        }
        for (int i = 0; i < row.Length; i++) row[i] /= sum;
    }

    /// <summary>Total split gain per feature, normalised to sum to 1 (XGBoost's "total_gain" importance).</summary>
    public IReadOnlyDictionary<string, double> FeatureImportance()
    {
        var gain = new double[FeatureCount];
        foreach (var tree in Trees)
            for (int n = 0; n < tree.NodeCount; n++)
                if (!tree.IsLeaf(n)) gain[tree.Feature[n]] += tree.Gain[n];
        double total = gain.Sum();
        return Enumerable.Range(0, FeatureCount).ToDictionary(i => _featureNames[i], i => total > 0 ? gain[i] / total : 0);
    }
}
