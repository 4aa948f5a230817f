namespace Gyre.Monitoring.Drift;

/// <summary>
/// How drift is computed. The defaults follow the project rule (reference/stats README, DECISIONS.md 3):
/// up to <see cref="SmallDataRows"/> reference values, KS (numeric) and chi-square (categorical) tests at
/// p &lt; 0.05; above, normed Wasserstein (numeric) and Jensen-Shannon distance (categorical) &gt; 0.1; dataset
/// drift when at least <see cref="DriftShare"/> of the evaluated columns drift.
/// </summary>
public sealed record DriftOptions
{
    /// <summary>Columns to compare (null: every column present on either side).</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    public IReadOnlyDictionary<string, ColumnDriftSettings> PerColumn { get; init; } = new Dictionary<string, ColumnDriftSettings>();

    /// <summary>Method for every numeric column without a per-column method (null: automatic).</summary>
    public DriftMethod? NumericMethod { get; init; }

    /// <summary>Method for every categorical column without a per-column method (null: automatic).</summary>
    public DriftMethod? CategoricalMethod { get; init; }

    /// <summary>Threshold for every column without a per-column threshold (null: the method's default).</summary>
    public double? Threshold { get; init; }

    /// <summary>
    /// Methods computed for every column they apply to, besides the one that decides the verdict (reported
    /// under <see cref="ColumnDriftResult.OtherMethods"/>; they share the sorted samples and counts).
    /// </summary>
    public IReadOnlyList<DriftMethod> AdditionalMethods { get; init; } = [];

    public double DriftShare { get; init; } = 0.5;

    /// <summary>Reference sizes up to this use statistical tests; larger ones use distances.</summary>
    public int SmallDataRows { get; init; } = 1000;

    /// <summary>A numeric column with at most this many distinct reference values is compared as categories (0/1 flags).</summary>
    public int CategoricalMaxUnique { get; init; } = 2;

    public string? PredictionColumn { get; init; }
    public string? TargetColumn { get; init; }

    /// <summary>Bins for binned divergences (JS, KL, Hellinger, TVD on numbers) and PSI.</summary>
    public int Bins { get; init; } = 10;


    /// <summary>Bins of the histograms kept for charts.</summary>
    public int ChartBins { get; init; } = 30;

    /// <summary>Compare columns in parallel.</summary>
    public bool Parallel { get; init; } = true;
}
