namespace Gyre.Stats.MultipleTesting;

/// <summary>Multiple-testing corrections (statsmodels multipletests names: bonferroni, holm, fdr_bh).</summary>
public enum CorrectionMethod
{
    Bonferroni,
    Holm,
    BenjaminiHochberg,
}
