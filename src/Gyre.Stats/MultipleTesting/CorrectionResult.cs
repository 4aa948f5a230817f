namespace Gyre.Stats.MultipleTesting;

/// <summary>Rejections and corrected p-values in the input order, plus the Šidák and Bonferroni per-test alphas.</summary>
public sealed record CorrectionResult(bool[] Reject, double[] CorrectedPValues, double AlphaSidak, double AlphaBonferroni);
