namespace Gyre.Learn.Training;

public enum ModelKind
{
    Gbdt,
    Logistic,
    Linear,
}
