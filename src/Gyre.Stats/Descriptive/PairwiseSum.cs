namespace Gyre.Stats.Descriptive;

/// <summary>
/// Summation in numpy's order (pairwise, 8-way unrolled blocks of up to 128 values), so means and variances
/// agree with numpy to the last bit and the rounding error grows only with log(n).
/// </summary>
public static class PairwiseSum
{
    private const int BlockSize = 128;

    public static double Sum(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 8)
        {
            // numpy starts from -0.0 so that an all -0.0 sum stays -0.0; adding -0.0 is otherwise neutral.
            var res = -0.0;
            for (var i = 0; i < n; i++) res += values[i];
            return res;
        }
        if (n <= BlockSize)
        {
            double r0 = values[0], r1 = values[1], r2 = values[2], r3 = values[3],
                r4 = values[4], r5 = values[5], r6 = values[6], r7 = values[7];
            int i;
            for (i = 8; i < n - n % 8; i += 8)
            {
                r0 += values[i];
                r1 += values[i + 1];
                r2 += values[i + 2];
                r3 += values[i + 3];
                r4 += values[i + 4];
                r5 += values[i + 5];
                r6 += values[i + 6];
                r7 += values[i + 7];
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += values[i];
            return res;
        }
        var n2 = n / 2;
        n2 -= n2 % 8;
        return Sum(values[..n2]) + Sum(values[n2..]);
    }
}
