using System.Diagnostics;
using Gyre.Stats.Categorical;
using Gyre.Stats.Divergences;
using Gyre.Stats.TwoSample;

// Times the drift-detection primitives on two columns of N values (default 1,000,000): a small console driver,
// run in Release: dotnet run -c Release --project bench/Gyre.Bench.Stats [-- N]. Results are reported, never asserted.
var n = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var rng = new Random(20261122);
var reference = new double[n];
var current = new double[n];
for (var i = 0; i < n; i++)
{
    reference[i] = Gaussian(rng);
    current[i] = Gaussian(rng) * 1.1 + 0.05;
}
var sortedReference = (double[])reference.Clone();
Array.Sort(sortedReference);
var sortedCurrent = (double[])current.Clone();
Array.Sort(sortedCurrent);

Console.WriteLine($"N = {n:N0} per sample, {Environment.ProcessorCount} cores");
Measure("sort one column (Array.Sort)", () => { var c = (double[])current.Clone(); Array.Sort(c); return c[0]; });
Measure("KS two-sample (unsorted input, asymptotic p)", () => KolmogorovSmirnovTest.TwoSample(reference, current, method: KolmogorovSmirnovMethod.Asymptotic).PValue);
Measure("KS two-sample (pre-sorted input, asymptotic p)", () => KolmogorovSmirnovTest.TwoSampleSorted(sortedReference, sortedCurrent, method: KolmogorovSmirnovMethod.Asymptotic).PValue);
var sameDistribution = new double[n];
for (var i = 0; i < n; i++) sameDistribution[i] = Gaussian(rng);
Array.Sort(sameDistribution);
Measure("KS pre-sorted, no drift (kstwo p-value region)", () => KolmogorovSmirnovTest.TwoSampleSorted(sortedReference, sameDistribution).PValue);
Measure("KS statistic only (pre-sorted)", () => KolmogorovSmirnovTest.StatisticSorted(sortedReference, sortedCurrent));
Measure("Wasserstein (unsorted input)", () => CdfDistance.Wasserstein(reference, current));
Measure("Wasserstein (pre-sorted input)", () => CdfDistance.WassersteinSorted(sortedReference, sortedCurrent));
Measure("PSI 10 bins (unsorted input)", () => PopulationStabilityIndex.Compute(reference, current).Psi);
Measure("PSI 10 bins (sorted reference)", () => PopulationStabilityIndex.ComputeSortedReference(sortedReference, current).Psi);
var (freq, _) = BinnedFrequencies.Numeric(reference, current, 20);
Measure("binned frequencies 20 bins + Jensen-Shannon", () =>
{
    var (f, _) = BinnedFrequencies.Numeric(reference, current, 20);
    return DistributionDistance.JensenShannonDistance(f.Reference, f.Current);
});
Measure("chi-square 2 x 20 contingency", () => ChiSquareTest.Contingency(freq.ReferenceCounts.Select(c => (double)c).ToArray(),
    freq.CurrentCounts.Select(c => (double)c).ToArray(), correction: false).PValue);

static double Gaussian(Random rng)
{
    var u1 = 1.0 - rng.NextDouble();
    var u2 = rng.NextDouble();
    return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
}

static void Measure(string name, Func<double> action)
{
    action(); // warm-up (JIT)
    const int runs = 5;
    var times = new double[runs];
    double result = 0;
    for (var r = 0; r < runs; r++)
    {
        var sw = Stopwatch.StartNew();
        result = action();
        times[r] = sw.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    Console.WriteLine($"{name,-50} median {times[runs / 2],9:F1} ms  (min {times[0]:F1})  result {result:G6}");
}
