namespace Gyre.Stats.Tests.Reference;

/// <summary>Comparisons with the tolerances suggested in reference/stats/README.md.</summary>
public static class Tolerance
{
    public static bool Close(double expected, double actual, double rel, double abs = 0)
    {
        if (double.IsNaN(expected)) return double.IsNaN(actual);
        if (double.IsInfinity(expected)) return expected == actual;
        if (!double.IsFinite(actual)) return false;
        return Math.Abs(expected - actual) <= Math.Max(abs, rel * Math.Abs(expected));
    }

    /// <summary>Probabilities and cdf/sf/ppf: rel 1e-10 in the bulk, 1e-6 below 1e-100, abs 1e-300 in the subnormal range.</summary>
    public static bool CloseProbability(double expected, double actual, double bulkRel = 1e-10)
    {
        if (double.IsFinite(expected) && Math.Abs(expected) < 1e-300) return Close(expected, actual, 0, 1e-300);
        if (double.IsFinite(expected) && Math.Abs(expected) < 1e-100) return Close(expected, actual, Math.Max(1e-6, bulkRel));
        return Close(expected, actual, bulkRel, 1e-15);
    }

    public static void Equal(double expected, double actual, double rel, double abs, string what)
    {
        Assert.True(Close(expected, actual, rel, abs),
            $"{what}: expected {expected:R}, got {actual:R} (rel diff {RelDiff(expected, actual):E3})");
    }

    public static void Statistic(double expected, double actual, string what = "statistic") => Equal(expected, actual, 1e-12, 1e-14, what);

    public static void Probability(double expected, double actual, string what = "pvalue", double bulkRel = 1e-10)
    {
        Assert.True(CloseProbability(expected, actual, bulkRel),
            $"{what}: expected {expected:R}, got {actual:R} (rel diff {RelDiff(expected, actual):E3})");
    }

    public static void Exact(double expected, double actual, string what) =>
        Assert.True(expected.Equals(actual), $"{what}: expected exactly {expected:R}, got {actual:R}");

    public static double RelDiff(double expected, double actual) =>
        expected == actual ? 0 : Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), double.Epsilon);
}
