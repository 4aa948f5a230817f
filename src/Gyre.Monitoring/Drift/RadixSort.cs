using System.Buffers;
using System.Runtime.InteropServices;

namespace Gyre.Monitoring.Drift;

/// <summary>
/// Sorts the finite values of a column ascending with an LSD radix sort (11-bit digits) - several times
/// faster than a comparison sort on the million-row columns drift reports sort, and the sort dominates
/// their cost. Each double is mapped to an unsigned key with the same order (flip all bits of negatives,
/// the sign bit of positives) while missing and infinite values are filtered out and the digit counts
/// gathered, all in one pass; digits every key shares are skipped; the last pass writes doubles back.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const ulong SignBit = 1UL << 63;
    private const int ComparisonSortBelow = 2048;

    /// <summary>The finite values of <paramref name="values"/>, sorted; NaN counted as missing, +/-infinity as non-finite.</summary>
    public static double[] SortFinite(ReadOnlySpan<double> values, out int missing, out int nonFinite)
    {
        var result = new double[values.Length];
        var keys = MemoryMarshal.Cast<double, ulong>(result.AsSpan());
        var counts = new int[Passes * Buckets];
        int n = 0, nan = 0, infinite = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                if (double.IsNaN(v)) nan++; else infinite++;
                continue;
            }
            var k = (ulong)BitConverter.DoubleToInt64Bits(v);
            k = (k & SignBit) != 0 ? ~k : k | SignBit;
            keys[n++] = k;
            for (var p = 0; p < Passes; p++) counts[p * Buckets + (int)((k >> (p * DigitBits)) & (Buckets - 1))]++;
        }
        missing = nan;
        nonFinite = infinite;
        keys = keys[..n];

        var active = new List<int>(Passes);
        for (var p = 0; p < Passes; p++)
            if (!counts.AsSpan(p * Buckets, Buckets).Contains(n)) active.Add(p); // skip digits every key shares

        if (n < ComparisonSortBelow || active.Count == 0)
        {
            for (var i = 0; i < n; i++) result[i] = Decode(keys[i]);
            result.AsSpan(0, n).Sort();
        }
        else
        {
            var rented = ArrayPool<ulong>.Shared.Rent(n);
            try
            {
                Span<ulong> source = keys, target = rented.AsSpan(0, n);
                var offsets = new int[Buckets];
                for (var a = 0; a < active.Count; a++)
                {
                    var p = active[a];
                    var digitCounts = counts.AsSpan(p * Buckets, Buckets);
                    var sum = 0;
                    for (var b = 0; b < Buckets; b++)
                    {
                        offsets[b] = sum;
                        sum += digitCounts[b];
                    }
                    var shift = p * DigitBits;
                    if (a < active.Count - 1)
                    {
                        foreach (var k in source) target[offsets[(int)((k >> shift) & (Buckets - 1))]++] = k;
                    }
                    else
                    {
                        // Last pass: scatter the decoded doubles' bits.
                        foreach (var k in source) target[offsets[(int)((k >> shift) & (Buckets - 1))]++] = DecodeBits(k);
                    }
                    var swap = source;
                    source = target;
                    target = swap;
                }
                if (source != keys) source.CopyTo(keys);
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
        if (n != result.Length) Array.Resize(ref result, n);
        return result;
    }

    private static ulong DecodeBits(ulong k) => (k & SignBit) != 0 ? k & ~SignBit : ~k;

    private static double Decode(ulong k) => BitConverter.Int64BitsToDouble((long)DecodeBits(k));
}
