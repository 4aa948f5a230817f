using System.Buffers;
using System.Runtime.InteropServices;

namespace Gyre.Monitoring.Drift;

/// <summary>
/// Sorts finite doubles ascending with an LSD radix sort (11-bit digits) - several times faster than a
/// comparison sort on the million-row columns drift reports sort, and the sort dominates their cost.
/// The doubles are mapped in place to unsigned keys with the same order (flip all bits of negatives, the
/// sign bit of positives), sorted, and mapped back. Digits every key shares (high exponent bits of
/// data in a narrow range) are skipped.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const ulong SignBit = 1UL << 63;
    private const int ComparisonSortBelow = 2048;

    /// <summary>Sorts <paramref name="values"/>, which must hold no NaN.</summary>
    public static void Sort(Span<double> values)
    {
        if (values.Length < ComparisonSortBelow)
        {
            values.Sort();
            return;
        }
        var keys = MemoryMarshal.Cast<double, ulong>(values);
        var counts = new int[Passes * Buckets];
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i];
            k = (k & SignBit) != 0 ? ~k : k | SignBit;
            keys[i] = k;
            for (var p = 0; p < Passes; p++) counts[p * Buckets + (int)((k >> (p * DigitBits)) & (Buckets - 1))]++;
        }

        var rented = ArrayPool<ulong>.Shared.Rent(keys.Length);
        try
        {
            var scratch = rented.AsSpan(0, keys.Length);
            Span<ulong> source = keys, target = scratch;
            var offsets = new int[Buckets];
            for (var p = 0; p < Passes; p++)
            {
                var digitCounts = counts.AsSpan(p * Buckets, Buckets);
                if (digitCounts.Contains(keys.Length)) continue; // every key has the same digit here
                var sum = 0;
                for (var b = 0; b < Buckets; b++)
                {
                    offsets[b] = sum;
                    sum += digitCounts[b];
                }
                var shift = p * DigitBits;
                foreach (var k in source) target[offsets[(int)((k >> shift) & (Buckets - 1))]++] = k;
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

        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i];
            keys[i] = (k & SignBit) != 0 ? k & ~SignBit : ~k;
        }
    }
}
