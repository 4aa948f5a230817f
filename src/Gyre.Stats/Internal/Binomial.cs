namespace Gyre.Stats.Internal;

internal static class Binomial
{
    /// <summary>
    /// Binomial coefficient in doubles as scipy.special.binom computes it: an exact product for k &lt; 20,
    /// otherwise 1 / ((n + 1) B(n - k + 1, k + 1)); +Infinity once it overflows.
    /// </summary>
    public static double Coefficient(double n, double k)
    {
        if (k < 0 || k > n) return 0;
        var kx = k;
        if (kx > n / 2 && n > 0) kx = n - kx;
        if (kx < 20)
        {
            double num = 1, den = 1;
            for (var i = 1; i <= (int)kx; i++)
            {
                num *= i + n - kx;
                den *= i;
                if (Math.Abs(num) > 1e50)
                {
                    num /= den;
                    den = 1;
                }
            }
            return num / den;
        }
        var logBeta = SpecialMath.LogBeta(1 + n - k, 1 + k);
        return 1 / (n + 1) / Math.Exp(logBeta);
    }
}
