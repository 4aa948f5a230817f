namespace Gyre.Models.Xgboost;

/// <summary>
/// One tree as XGBoost's JSON stores it: per node the children (-1 at leaves), split feature, split condition
/// (the leaf value at leaves), default direction, node weight before shrinkage, loss change and cover.
/// </summary>
public sealed record XgboostTreeArrays(
    int Group,
    int[] LeftChildren,
    int[] RightChildren,
    int[] SplitIndices,
    float[] SplitConditions,
    bool[] DefaultLeft,
    float[] BaseWeights,
    float[] LossChanges,
    float[] SumHessian);
