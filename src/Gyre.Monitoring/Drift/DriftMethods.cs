using Gyre.Core.Errors;
using Gyre.Monitoring.Drift.Methods;
using Gyre.Stats.Divergences;

namespace Gyre.Monitoring.Drift;

/// <summary>Every drift method by name, and the automatic choice.</summary>
public static class DriftMethods
{
    public static readonly DriftMethod KolmogorovSmirnov = new KolmogorovSmirnovDrift();
    public static readonly DriftMethod Wasserstein = new WassersteinDrift();
    public static readonly DriftMethod Psi = new PsiDrift(PsiBinning.OpenEnded);
    public static readonly DriftMethod PsiReferenceRange = new PsiDrift(PsiBinning.ReferenceRange);
    public static readonly DriftMethod JensenShannon = new JensenShannonDrift();
    public static readonly DriftMethod KullbackLeibler = new KullbackLeiblerDrift();
    public static readonly DriftMethod Hellinger = new HellingerDrift();
    public static readonly DriftMethod TotalVariation = new TotalVariationDrift();
    public static readonly DriftMethod ChiSquare = new ChiSquareDrift();
    public static readonly DriftMethod GTest = new GTestDrift();
    public static readonly DriftMethod ProportionZTest = new ProportionZTestDrift();
    public static readonly DriftMethod FisherExact = new FisherExactDrift();
    public static readonly DriftMethod AndersonDarling = new AndersonDarlingDrift();
    public static readonly DriftMethod CramerVonMises = new CramerVonMisesDrift();
    public static readonly DriftMethod MannWhitney = new MannWhitneyDrift();
    public static readonly DriftMethod TTest = new TTestDrift();
    public static readonly DriftMethod EnergyDistance = new EnergyDistanceDrift();

    private static readonly (string[] Names, DriftMethod Method)[] Catalog =
    [
        (["ks", "ks_2samp", "kolmogorov_smirnov"], KolmogorovSmirnov),
        (["wasserstein", "wasserstein_normed", "emd"], Wasserstein),
        (["psi"], Psi),
        (["psi_reference_range", "psi_numpy"], PsiReferenceRange),
        (["js", "jensenshannon", "jensen_shannon"], JensenShannon),
        (["kl", "kl_div", "kullback_leibler"], KullbackLeibler),
        (["hellinger"], Hellinger),
        (["tvd", "total_variation"], TotalVariation),
        (["chisquare", "chi2", "chi2_contingency", "chi_square"], ChiSquare),
        (["g_test", "gtest"], GTest),
        (["z", "ztest", "z_test"], ProportionZTest),
        (["fisher", "fisher_exact"], FisherExact),
        (["anderson", "anderson_darling"], AndersonDarling),
        (["cvm", "cramer_von_mises"], CramerVonMises),
        (["mannwhitney", "mannwhitneyu", "mann_whitney"], MannWhitney),
        (["t_test", "ttest"], TTest),
        (["energy", "energy_distance", "ed"], EnergyDistance),
    ];

    /// <summary>All methods, each once.</summary>
    public static IEnumerable<DriftMethod> All => Catalog.Select(c => c.Method);

    /// <summary>Finds a method by its report name or a short alias (case-insensitive), or explains which names exist.</summary>
    public static DriftMethod Parse(string name)
    {
        var key = name.Trim().ToLowerInvariant().Replace('-', '_');
        foreach (var (names, method) in Catalog)
            if (names.Contains(key)) return method;
        throw GyreException.InvalidParameter(
            $"Unknown drift method '{name}'. Methods: {string.Join(", ", Catalog.Select(c => c.Names[0]))}.");
    }

    /// <summary>
    /// The project rule: up to <see cref="DriftOptions.SmallDataRows"/> reference values, a test
    /// (KS for numbers, chi-square for categories); above, a distance (normed Wasserstein, Jensen-Shannon).
    /// </summary>
    public static DriftMethod Automatic(DriftColumnType type, int referenceCount, DriftOptions options) =>
        (type, referenceCount <= options.SmallDataRows) switch
        {
            (DriftColumnType.Numeric, true) => KolmogorovSmirnov,
            (DriftColumnType.Numeric, false) => Wasserstein,
            (_, true) => ChiSquare,
            _ => JensenShannon,
        };
}
