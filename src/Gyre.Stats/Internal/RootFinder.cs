namespace Gyre.Stats.Internal;

/// <summary>
/// Inverts a continuous distribution: finds x with cdf(x) = q (lower tail) or sf(x) = q (upper tail).
/// Brackets the root, then takes Newton steps on log(tail) - log(q) (well behaved far into the tails),
/// safeguarded by (geometric) bisection. Using the smaller tail keeps full relative precision near 0 and 1.
/// </summary>
internal static class RootFinder
{
    public static double InvertTail(
        Func<double, double> tail, Func<double, double> pdf, double target, bool upperTail,
        double lowerBound, double upperBound, double start)
    {
        var logTarget = Math.Log(target);
        // g(x) increases with x.
        double G(double x, out double t)
        {
            t = tail(x);
            var diff = t <= 0 ? double.NegativeInfinity : Math.Log(t) - logTarget;
            return upperTail ? -diff : diff;
        }

        var x = start;
        if (!double.IsFinite(x)) x = 0;
        x = Math.Clamp(x, lowerBound, upperBound);
        var gx = G(x, out _);
        if (gx == 0) return x;

        double lo, hi;
        if (gx < 0)
        {
            lo = x;
            var step = Math.Max(1.0, Math.Abs(x));
            hi = x + step;
            while (true)
            {
                if (hi >= upperBound) { hi = upperBound; break; }
                if (G(hi, out _) >= 0) break;
                lo = hi;
                step *= 2;
                hi = lo + step;
            }
        }
        else
        {
            hi = x;
            var step = Math.Max(1.0, Math.Abs(x));
            lo = x - step;
            while (true)
            {
                if (lo <= lowerBound) { lo = lowerBound; break; }
                if (G(lo, out _) <= 0) break;
                hi = lo;
                step *= 2;
                lo = hi - step;
            }
        }

        x = Math.Clamp(x, lo, hi);
        if (x == lo || x == hi) x = Midpoint(lo, hi);
        for (var iter = 0; iter < 1000; iter++)
        {
            gx = G(x, out var t);
            if (gx == 0) return x;
            if (gx < 0) lo = x; else hi = x;
            double next = double.NaN;
            var ok = false;
            if (t > 0 && double.IsFinite(gx))
            {
                var d = pdf(x) / t;
                if (d > 0 && double.IsFinite(d))
                {
                    next = x - gx / d; // Newton step on g (g' = pdf / tail on either side)
                    ok = next > lo && next < hi && double.IsFinite(next);
                }
            }
            if (!ok) next = Midpoint(lo, hi);
            if (next == x || Math.Abs(next - x) <= 2e-16 * Math.Abs(next)) return next;
            if (hi - lo <= 2e-16 * Math.Max(Math.Abs(lo), Math.Abs(hi))) return next;
            x = next;
        }
        return x;
    }

    private static double Midpoint(double lo, double hi)
    {
        if (lo == 0 && hi > 0) return hi > 1e-300 ? hi * 1e-4 : hi / 2;
        if (hi == 0 && lo < 0) return lo < -1e-300 ? lo * 1e-4 : lo / 2;
        if (lo > 0 && hi / lo > 16) return Math.Sqrt(lo) * Math.Sqrt(hi);
        if (hi < 0 && lo / hi > 16) return -Math.Sqrt(-lo) * Math.Sqrt(-hi);
        if (double.IsInfinity(hi - lo)) return lo / 2 + hi / 2;
        return lo + (hi - lo) / 2;
    }
}
