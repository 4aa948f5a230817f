namespace Gyre.Learn;

/// <summary>A model trained by Gyre.Learn, scoring float32 rows (NaN = missing).</summary>
public interface ITrainedModel
{
    LearningTask Task { get; }

    IReadOnlyList<string> FeatureNames { get; }

    int FeatureCount { get; }

    /// <summary>Number of classes (2 for binary), 1 for regression.</summary>
    int ClassCount { get; }

    /// <summary>
    /// Values per row from <see cref="Predict"/>: the probability of class 1 for binary classification,
    /// one probability per class for multiclass, the predicted value for regression.
    /// </summary>
    int OutputWidth { get; }

    /// <summary>Scores row-major rows of <see cref="FeatureCount"/> features.</summary>
    void Predict(ReadOnlySpan<float> rows, int rowCount, Span<float> output);
}
