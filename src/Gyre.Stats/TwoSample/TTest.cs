using Gyre.Core.Errors;
using Gyre.Stats.Descriptive;
using Gyre.Stats.Distributions;
using Gyre.Stats.Internal;

namespace Gyre.Stats.TwoSample;

/// <summary>t-test result; <see cref="DegreesOfFreedom"/> is Welch-Satterthwaite's for the unequal-variance test.</summary>
public sealed record TTestResult(double Statistic, double PValue, double DegreesOfFreedom, double StandardError, double MeanDifference);

/// <summary>Student, Welch and paired t-tests (scipy.stats.ttest_ind / ttest_rel).</summary>
public static class TTest
{
    /// <summary>Independent samples; <paramref name="equalVariances"/> = false is Welch's test. "Less" means mean(a) &lt; mean(b).</summary>
    public static TTestResult Independent(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool equalVariances = false,
        Alternative alternative = Alternative.TwoSided)
    {
        Guard.NonEmptyFinite(a, "a");
        Guard.NonEmptyFinite(b, "b");
        Guard.MinLength(a, 2, "a");
        Guard.MinLength(b, 2, "b");
        double n1 = a.Length, n2 = b.Length;
        var m1 = SampleMoments.Mean(a);
        var m2 = SampleMoments.Mean(b);
        var v1 = SampleMoments.Variance(a, 1);
        var v2 = SampleMoments.Variance(b, 1);
        double df, denom;
        if (equalVariances)
        {
            df = n1 + n2 - 2.0;
            var svar = ((n1 - 1) * v1 + (n2 - 1) * v2) / df;
            denom = Math.Sqrt(svar * (1.0 / n1 + 1.0 / n2));
        }
        else
        {
            var vn1 = v1 / n1;
            var vn2 = v2 / n2;
            df = (vn1 + vn2) * (vn1 + vn2) / (vn1 * vn1 / (n1 - 1) + vn2 * vn2 / (n2 - 1));
            denom = Math.Sqrt(vn1 + vn2);
        }
        if (!(denom > 0)) throw GyreException.InvalidParameter("both samples are constant (zero variance), so the t statistic is undefined.");
        var d = m1 - m2;
        var t = d / denom;
        return new TTestResult(t, PValue(t, df, alternative), df, denom, d);
    }

    /// <summary>Paired samples: t of d = a - b. "Less" means mean(a - b) &lt; 0.</summary>
    public static TTestResult Paired(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.TwoSided)
    {
        Guard.NonEmptyFinite(a, "a");
        Guard.NonEmptyFinite(b, "b");
        Guard.SameLength(a.Length, b.Length, "a", "b");
        Guard.MinLength(a, 2, "a");
        var d = new double[a.Length];
        for (var i = 0; i < d.Length; i++) d[i] = a[i] - b[i];
        double n = d.Length;
        var dm = SampleMoments.Mean(d);
        var v = SampleMoments.Variance(d, 1);
        var df = n - 1;
        var denom = Math.Sqrt(v / n);
        if (!(denom > 0)) throw GyreException.InvalidParameter("the paired differences are constant (zero variance), so the t statistic is undefined.");
        var t = dm / denom;
        return new TTestResult(t, PValue(t, df, alternative), df, denom, dm);
    }

    private static double PValue(double t, double df, Alternative alternative)
    {
        if (double.IsNaN(t)) return double.NaN;
        return alternative switch
        {
            Alternative.Less => StudentTDistribution.Cdf(t, df),
            Alternative.Greater => StudentTDistribution.Sf(t, df),
            _ => Math.Min(1.0, 2 * StudentTDistribution.Sf(Math.Abs(t), df)),
        };
    }
}
