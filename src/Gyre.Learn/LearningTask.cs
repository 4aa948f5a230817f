namespace Gyre.Learn;

public enum LearningTask
{
    BinaryClassification,
    MulticlassClassification,
    Regression,
}
