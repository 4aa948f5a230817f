using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gyre.Server.Protocol;

/// <summary>
/// One string per distinct key: a log-batch body repeats the same few hundred metric keys at every step,
/// and a training job sends the same keys in every batch, so each key is decoded and allocated once, then
/// found again by its bytes. An open-addressing table, kept per thread across bodies, with each key's bytes
/// in an arena of its own; once the table or the arena is full it starts over after the body that filled
/// it, so a thread keeps at most the 2048 keys and 64 kB of key bytes it saw last.
/// </summary>
internal sealed class RepeatedKeyStrings
{
    // A power of two, at most half full. A job's keys must all fit, or the table starts over and allocates
    // them again every few bodies: the load benchmark's iteration alone logs 610 distinct metric and param
    // keys, more than the 512 a 1024-entry table kept. Parsing a 1000-metric body costs the same (~90 us)
    // with 4096 entries as with 1024.
    private const int Capacity = 4096;
    private const int MaxKeys = Capacity / 2;
    private const int MaxProbes = 8;
    private const int MaxKeyLength = 256; // longer keys are rare and rarely repeat
    private const int ArenaBytes = 64 * 1024;

    [ThreadStatic] private static RepeatedKeyStrings? t_current;

    private readonly Entry[] _entries = new Entry[Capacity];
    private readonly int[] _used = new int[MaxKeys];
    private readonly byte[] _arena = new byte[ArenaBytes];
    private int _count;
    private int _arenaUsed;

    // A key up to 16 bytes is all in its length and its first and last 8 bytes (overlapping), so those
    // compare it without going back to its bytes in the arena.
    private struct Entry
    {
        public ulong Head;
        public ulong Tail;
        public int Offset;
        public int Length;
        public string? Value;
    }

    /// <summary>This thread's table; give it back with <see cref="Release"/>.</summary>
    public static RepeatedKeyStrings Rent()
    {
        var table = t_current ?? new RepeatedKeyStrings();
        t_current = null; // a nested use on this thread gets its own
        return table;
    }

    public void Release()
    {
        if (_count == MaxKeys || _arenaUsed + MaxKeyLength > ArenaBytes)
        {
            for (var i = 0; i < _count; i++) _entries[_used[i]] = default;
            _count = 0;
            _arenaUsed = 0;
        }
        t_current = this;
    }

    /// <summary>
    /// The string for the plain (unescaped) content <c>json[offset..offset+length]</c>, reused when the same
    /// bytes were seen before on this thread; false if the bytes are not valid UTF-8.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> json, int offset, int length, out string value)
    {
        var key = json.Slice(offset, length);
        if (length > MaxKeyLength) return JsonByteCursor.TryDecodePlain(key, out value);
        var (head, tail) = Words(key);
        var slot = Slot(key, head, tail);
        for (var probe = 0; probe < MaxProbes; probe++, slot = (slot + 1) & (Capacity - 1))
        {
            ref var entry = ref _entries[slot];
            if (entry.Value is null)
            {
                if (!JsonByteCursor.TryDecodePlain(key, out value)) return false;
                if (_count < MaxKeys && _arenaUsed + length <= ArenaBytes)
                {
                    key.CopyTo(_arena.AsSpan(_arenaUsed));
                    entry = new Entry { Head = head, Tail = tail, Offset = _arenaUsed, Length = length, Value = value };
                    _arenaUsed += length;
                    _used[_count++] = slot;
                }
                return true;
            }
            if (entry.Length == length && entry.Head == head && entry.Tail == tail
                && (length <= 16 || _arena.AsSpan(entry.Offset, length).SequenceEqual(key)))
            {
                value = entry.Value;
                return true;
            }
        }
        return JsonByteCursor.TryDecodePlain(key, out value);
    }

    // Multiply-and-fold mixing: keys often differ only in their last bytes (the high bytes of a
    // little-endian word), so high bits are folded down before the slot is taken from the low ones.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ReadOnlySpan<byte> key, ulong head, ulong tail)
    {
        var hash = (head * 0x9E3779B97F4A7C15UL) ^ tail ^ (ulong)key.Length;
        for (var i = 8; i < key.Length - 8; i += 8)
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(key[i..])) * 0x9E3779B97F4A7C15UL, 32);
        hash ^= hash >> 32;
        hash *= 0xC2B2AE3D27D4EB4FUL;
        hash ^= hash >> 29;
        return (int)hash & (Capacity - 1);
    }

    // The first and last 8 bytes (overlapping when shorter than 16; zero-padded when shorter than 8).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Head, ulong Tail) Words(ReadOnlySpan<byte> key)
    {
        if (key.Length >= 8)
            return (BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[^8..]));
        if (key.Length >= 4)
            return (BinaryPrimitives.ReadUInt32LittleEndian(key), BinaryPrimitives.ReadUInt32LittleEndian(key[^4..]));
        ulong word = 0;
        for (var i = 0; i < key.Length; i++) word |= (ulong)key[i] << (8 * i);
        return (word, 0);
    }
}
