using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Gyre.Serving.Routing;

/// <summary>
/// A hash of a request key that is the same in every process and every release (unlike
/// string.GetHashCode), so sticky assignments survive restarts and agree across replicas.
/// </summary>
public static class StableHash
{
    /// <summary>The key, with a salt per experiment, mapped uniformly to [0, 1).</summary>
    public static double UnitInterval(string key, string salt)
    {
        var byteCount = Encoding.UTF8.GetByteCount(salt) + 1 + Encoding.UTF8.GetByteCount(key);
        var rented = byteCount <= 512 ? null : ArrayPool<byte>.Shared.Rent(byteCount);
        Span<byte> bytes = rented is null ? stackalloc byte[byteCount] : rented.AsSpan(0, byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(salt, bytes);
            bytes[written++] = 0;
            Encoding.UTF8.GetBytes(key, bytes[written..]);
            var hash = XxHash64.HashToUInt64(bytes);
            return (hash >> 11) * (1.0 / (1UL << 53));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
