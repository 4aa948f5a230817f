namespace Gyre.Stats.Distributions;

/// <summary>
/// Exact finite-n distribution of the two-sided one-sample statistic D_n (scipy.stats.kstwo), following
/// Simard and L'Ecuyer's choice of methods as scipy does (Ruben-Gambino, Durbin matrix, Pomeranz,
/// 2 x Smirnov, Pelz-Good), so the values agree with scipy's, including its approximations for n > 140.
/// </summary>
public static class KolmogorovSmirnovDistribution
{
    private const int E128 = 128;
    private static readonly double Ep128 = Math.ScaleB(1.0, E128);
    private static readonly double Em128 = Math.ScaleB(1.0, -E128);
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);

    public static double Cdf(double x, int n) => Kolmogn(n, x, cdf: true);

    public static double Sf(double x, int n) => Kolmogn(n, x, cdf: false);

    private static double Select(double cdfProb, double sfProb, bool cdf) => Math.Clamp(cdf ? cdfProb : sfProb, 0.0, 1.0);

    private static double Kolmogn(int n, double x, bool cdf)
    {
        if (n <= 0) throw Gyre.Core.Errors.GyreException.InvalidParameter($"n must be at least 1, got {n}.");
        Internal.Guard.NotNaN(x, "x");
        if (x >= 1.0) return Select(1.0, 0.0, cdf);
        if (x <= 0.0) return Select(0.0, 1.0, cdf);
        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5) return Select(0.0, 1.0, cdf);
            double prob;
            if (n <= 140)
            {
                prob = 1.0;
                for (var i = 1; i <= n; i++) prob *= i * (1.0 / n) * (2 * t - 1);
            }
            else prob = Math.Exp(LogNFactorialDivNPowN(n) + n * Math.Log(2 * t - 1));
            return Select(prob, 1.0 - prob, cdf);
        }
        if (t >= n - 1)
        {
            var prob = 2 * Math.Pow(1.0 - x, n);
            return Select(1 - prob, prob, cdf);
        }
        if (x >= 0.5)
        {
            var prob = 2 * SmirnovDistribution.Sf(n, x);
            return Select(1.0 - prob, prob, cdf);
        }
        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                var p = Durbin(n, x);
                return Select(p, 1.0 - p, cdf);
            }
            if (nxSquared <= 4)
            {
                var p = Pomeranz(n, x);
                return Select(p, 1.0 - p, cdf);
            }
            var prob = 2 * SmirnovDistribution.Sf(n, x);
            return Select(1.0 - prob, prob, cdf);
        }
        if (!cdf)
        {
            if (nxSquared >= 370.0) return 0.0;
            if (nxSquared >= 2.2) return Math.Clamp(2 * SmirnovDistribution.Sf(n, x), 0.0, 1.0);
        }
        double cdfProb;
        if (nxSquared >= 18.0) cdfProb = 1.0;
        else if (n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4) cdfProb = Durbin(n, x);
        else cdfProb = PelzGood(n, x);
        return Select(cdfProb, 1.0 - cdfProb, cdf);
    }

    private static readonly double[] StirlingCoeffs =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    // log(n! / n^n) by Stirling's series with n log n removed up front.
    private static double LogNFactorialDivNPowN(int n)
    {
        var rn = 1.0 / n;
        var x = rn / n;
        double poly = 0;
        foreach (var c in StirlingCoeffs) poly = poly * x + c;
        return Math.Log(n) / 2 - n + Log2Pi / 2 + rn * poly;
    }

    // Durbin's matrix algorithm as organised by Marsaglia, Tsang and Wang: P(D_n <= d).
    private static double Durbin(int n, double d)
    {
        if (d >= 1.0) return 1.0;
        var nd = n * d;
        if (nd <= 0.5) return 0.0;
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var hm = new double[m * m];
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            v[j - 1] = 1.0 - Math.Pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }
        var tt = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        for (var i = 1; i < m; i++)
            for (var r = i - 1; r < m; r++)
                hm[r * m + i] = w[r - (i - 1)];
        for (var r = 0; r < m; r++) hm[r * m] = v[r];
        for (var c = 0; c < m; c++) hm[(m - 1) * m + c] = v[m - 1 - c];

        var pw = new double[m * m];
        for (var i = 0; i < m; i++) pw[i * m + i] = 1;
        var tmp = new double[m * m];
        var nn = n;
        var expnt = 0;
        var hExpnt = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                MatMul(pw, hm, tmp, m);
                (pw, tmp) = (tmp, pw);
                expnt += hExpnt;
            }
            MatMul(hm, hm, tmp, m);
            (hm, tmp) = (tmp, hm);
            hExpnt *= 2;
            if (Math.Abs(hm[(k - 1) * m + (k - 1)]) > Ep128)
            {
                for (var i = 0; i < hm.Length; i++) hm[i] /= Ep128;
                hExpnt += E128;
            }
            nn /= 2;
        }
        var p = pw[(k - 1) * m + (k - 1)];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Em128)
            {
                p *= Ep128;
                expnt -= E128;
            }
        }
        if (expnt != 0) p = Math.ScaleB(p, expnt);
        return Math.Clamp(p, 0.0, 1.0);
    }

    private static void MatMul(double[] a, double[] b, double[] result, int m)
    {
        Array.Clear(result);
        for (var i = 0; i < m; i++)
        {
            for (var l = 0; l < m; l++)
            {
                var ail = a[i * m + l];
                if (ail == 0) continue;
                var bRow = l * m;
                var rRow = i * m;
                for (var j = 0; j < m; j++) result[rRow + j] += ail * b[bRow + j];
            }
        }
    }

    private static (int J1, int J2) PomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0)
        {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        }
        else
        {
            var ip1div2 = (i + 1) / 2;
            var ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0)
            {
                if (ip1div2 == n + 1)
                {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                }
                else
                {
                    j1 = ip1div2 - 1 - ll - roundf - 1;
                    j2 = ip1div2 + ll - 1 + ceilf - 1;
                }
            }
            else
            {
                j1 = ip1div2 - 1 - ll - 1;
                j2 = ip1div2 + ll + roundf - 1;
            }
        }
        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    // Pomeranz's recursion: P(D_n <= x).
    private static double Pomeranz(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilf = f > 0 ? 1 : 0;
        var roundf = f > 0.5 ? 1 : 0;
        var npwrs = 2 * (ll + 1);
        var gpower = new double[npwrs];
        var twogpower = new double[npwrs];
        var onem2gpower = new double[npwrs];
        gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
        var expnt = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (var m = 1; m < npwrs; m++)
        {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        var v0 = new double[npwrs];
        var v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, _) = PomeranzJ1J2(0, n, ll, ceilf, roundf);
        var conv = new double[2 * npwrs];
        for (var i = 1; i < 2 * n + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(v1);
            (j1, var j2) = PomeranzJ1J2(i, n, ll, ceilf, roundf);
            var pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
            var ln2 = j2 - k1 + 1;
            if (ln2 > 0)
            {
                // conv = convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]) (full mode)
                var offset = k1 - v0s;
                var convLength = 2 * ln2 - 1;
                Array.Clear(conv, 0, convLength);
                for (var a = 0; a < ln2; a++)
                {
                    var va = offset + a < npwrs && offset + a >= 0 ? v0[offset + a] : 0;
                    if (va == 0) continue;
                    for (var b = 0; b < ln2; b++) conv[a + b] += va * pwrs[b];
                }
                var convStart = j1 - k1;
                var convLen = j2 - j1 + 1;
                var max = 0.0;
                for (var c = 0; c < convLen; c++)
                {
                    v1[c] = conv[convStart + c];
                    if (v1[c] > max) max = v1[c];
                }
                if (max > 0 && max < Em128)
                {
                    for (var c = 0; c < npwrs; c++) v1[c] *= Ep128;
                    expnt -= E128;
                }
                v1s = v0s + j1 - k1;
            }
        }
        var ans = v1[n - v1s];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(ans) > Ep128)
            {
                ans *= Em128;
                expnt += E128;
            }
            ans *= m;
        }
        if (expnt != 0) ans = Math.ScaleB(ans, expnt);
        return Math.Clamp(ans, 0.0, 1.0);
    }

    // Pelz-Good asymptotic approximation of P(D_n <= x).
    private static double PelzGood(int n, double x)
    {
        if (x <= 0.0) return 0.0;
        if (x >= 1.0) return 1.0;
        var z = Math.Sqrt(n) * x;
        double zsquared = z * z, zthree = zsquared * z, zfour = zsquared * zsquared, zsix = zfour * zsquared;
        var pi2 = Math.PI * Math.PI;
        var pi4 = pi2 * pi2;
        var pi6 = pi4 * pi2;
        var qlog = -pi2 / 8 / zsquared;
        if (qlog < -708) return 0.0;
        var q = Math.Exp(qlog);
        var k1a = -zsquared;
        var k1b = pi2 / 4;
        var k2a = 6 * zsix + 2 * zfour;
        var k2b = (2 * zfour - 5 * zsquared) * pi2 / 4;
        var k2c = pi4 * (1 - 2 * zsquared) / 16;
        var k3d = pi6 * (5 - 30 * zsquared) / 64;
        var k3c = pi4 * (-60 * zsquared + 212 * zfour) / 16;
        var k3b = pi2 * (135 * zfour - 96 * zsix) / 4;
        var k3a = -30 * zsix - 90 * Math.Pow(z, 8);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            double m = 2 * k - 1;
            double msq = m * m, mfour = msq * msq, msix = mfour * msq;
            var qpower = Math.Pow(q, 8 * k);
            s0 = s0 * qpower + 1.0;
            s1 = s1 * qpower + (k1a + k1b * msq);
            s2 = s2 * qpower + (k2a + k2b * msq + k2c * mfour);
            s3 = s3 * qpower + (k3a + k3b * msq + k3c * mfour + k3d * msix);
        }
        s0 *= q * Sqrt2Pi / z;
        s1 *= q * Sqrt2Pi / (6 * zfour);
        s2 *= q * Sqrt2Pi / (72 * Math.Pow(z, 7));
        s3 *= q * Sqrt2Pi / (6480 * Math.Pow(z, 10));
        var q2 = Math.Exp(-pi2 / 2 / zsquared);
        var sqrt3z = Math.Sqrt(3) * z;
        double k2extra = 0, k3extra = 0;
        for (var k = maxk; k > 0; k--)
        {
            double ksq = (double)k * k;
            var qp = Math.Pow(q2, ksq);
            k2extra += ksq * qp;
            var kspi = Math.PI * k;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }
        s2 += k2extra * pi2 * Sqrt2Pi / (-36 * zthree);
        s3 += k3extra * pi2 * Sqrt2Pi / (216 * zsix);
        double nd = n;
        return s0 + s1 / Math.Sqrt(nd) + s2 / nd + s3 / (nd * Math.Sqrt(nd));
    }
}
