using System.Runtime.InteropServices;

namespace Gyre.Server.Protocol;

/// <summary>
/// One string per distinct key within one request body: a log-batch body repeats the same few hundred
/// metric keys at every step, so each key is decoded and allocated once, then found again by its bytes.
/// An open-addressing table of (offset, length, string) into the body, kept per thread and emptied after
/// each body (nothing outlives the request).
/// </summary>
internal sealed class RepeatedKeyStrings
{
    private const int Capacity = 2048; // a power of two; MLflow caps a batch at 1000 metrics
    private const int MaxKeys = Capacity / 2;
    private const int MaxProbes = 8;
    private const int MaxKeyLength = 256; // longer keys are rare and rarely repeat

    [ThreadStatic] private static RepeatedKeyStrings? t_current;

    private readonly Entry[] _entries = new Entry[Capacity];
    private int _count;

    private struct Entry
    {
        public int Offset;
        public int Length;
        public string? Value;
    }

    /// <summary>This thread's empty table; give it back with <see cref="Release"/>.</summary>
    public static RepeatedKeyStrings Rent()
    {
        var table = t_current ?? new RepeatedKeyStrings();
        t_current = null; // a nested use on this thread gets its own
        return table;
    }

    public void Release()
    {
        if (_count > 0)
        {
            Array.Clear(_entries);
            _count = 0;
        }
        t_current = this;
    }

    /// <summary>
    /// The string for the plain (unescaped) content <c>json[offset..offset+length]</c>, reused when the same
    /// bytes were seen before in this body; false if the bytes are not valid UTF-8.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> json, int offset, int length, out string value)
    {
        var key = json.Slice(offset, length);
        if (length > MaxKeyLength) return JsonByteCursor.TryDecodePlain(key, out value);
        var slot = (int)Hash(key) & (Capacity - 1);
        for (var probe = 0; probe < MaxProbes; probe++, slot = (slot + 1) & (Capacity - 1))
        {
            ref var entry = ref _entries[slot];
            if (entry.Value is null)
            {
                if (!JsonByteCursor.TryDecodePlain(key, out value)) return false;
                if (_count < MaxKeys)
                {
                    entry.Offset = offset;
                    entry.Length = length;
                    entry.Value = value;
                    _count++;
                }
                return true;
            }
            if (entry.Length == length && json.Slice(entry.Offset, length).SequenceEqual(key))
            {
                value = entry.Value;
                return true;
            }
        }
        return JsonByteCursor.TryDecodePlain(key, out value);
    }

    // FNV-style mixing of 8 bytes at a time: every byte counts (keys often differ only in the middle).
    private static uint Hash(ReadOnlySpan<byte> key)
    {
        var hash = 0xCBF29CE484222325UL ^ (ulong)key.Length;
        while (key.Length >= 8)
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(key)) * 0x100000001B3UL;
            hash ^= hash >> 29;
            key = key[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < key.Length; i++) tail |= (ulong)key[i] << (8 * i);
        hash = (hash ^ tail) * 0x9E3779B97F4A7C15UL;
        return (uint)(hash >> 32);
    }
}
