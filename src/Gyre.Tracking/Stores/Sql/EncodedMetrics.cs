using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.Stores;

/// <summary>
/// A batch's metric rows and which of them are each key's newest, in one compact byte string (how a
/// deferred batch waits in <c>pending_metric_batches</c>, and how SQLite's writer binds any batch): built on
/// the request's thread, so the writer only reads numbers and UTF-8 keys out of it.
/// Layout (little-endian; "varint" is LEB128, signed values zigzagged): the marker -2; the row count; the
/// key count; each distinct key (varint length, UTF-8); per row: its key's index (varint), its timestamp
/// minus the previous row's (signed varint), its step (signed varint), its stored value (8 bytes), is_nan
/// (1 byte); the latest count; each latest row's index (varint). A 1000-row batch of 500 keys takes ~17 kB
/// (each key once, and a timestamp a batch repeats in one byte) where the first layout took ~39 kB: the
/// writer copies and logs half the pages for each one it stores.
/// The first layout (still read: a killed process may have left batches in it) began with the row count
/// and wrote each row's key in full with 8-byte timestamp and step.
/// </summary>
internal static class EncodedMetrics
{
    private const int Marker = -2;
    private const int MaxVarintBytes = 10;
    private const int MaxRowBytes = MaxVarintBytes * 3 + 8 + 1;
    private const int FirstLayoutFixedRowBytes = 4 + 8 + 8 + 8 + 1;

    /// <summary>
    /// Encodes into a buffer from the shared pool (give it back with <see cref="EncodedBatch.Return"/> once
    /// written). <paramref name="latestRows"/> lists one row per distinct key in first-seen order;
    /// <paramref name="rowKeys"/>, when given, is each row's position in that list (computed here otherwise).
    /// </summary>
    public static EncodedBatch Encode(IReadOnlyList<Metric> metrics, IReadOnlyList<int> latestRows, ReadOnlySpan<int> rowKeys = default)
    {
        var keyCount = latestRows.Count;
        int[]? computedKeys = null;
        if (rowKeys.IsEmpty && metrics.Count > 0) rowKeys = computedKeys = KeyIndexes(metrics, latestRows);
        try
        {
            var size = 12 + 4 + keyCount * MaxVarintBytes + metrics.Count * MaxRowBytes;
            for (var k = 0; k < keyCount; k++) size += MaxVarintBytes + Encoding.UTF8.GetByteCount(metrics[latestRows[k]].Key);
            var bytes = ArrayPool<byte>.Shared.Rent(size);
            var span = bytes.AsSpan();
            BinaryPrimitives.WriteInt32LittleEndian(span, Marker);
            BinaryPrimitives.WriteInt32LittleEndian(span[4..], metrics.Count);
            BinaryPrimitives.WriteInt32LittleEndian(span[8..], keyCount);
            var at = 12;
            for (var k = 0; k < keyCount; k++)
            {
                var key = metrics[latestRows[k]].Key;
                at += WriteVarint(span[at..], (ulong)Encoding.UTF8.GetByteCount(key));
                at += Encoding.UTF8.GetBytes(key, span[at..]);
            }
            long previousTimestamp = 0;
            for (var i = 0; i < metrics.Count; i++)
            {
                var m = metrics[i];
                at += WriteVarint(span[at..], (ulong)rowKeys[i]);
                at += WriteVarint(span[at..], ZigZag(unchecked(m.Timestamp - previousTimestamp)));
                previousTimestamp = m.Timestamp;
                at += WriteVarint(span[at..], ZigZag(m.Step));
                var (value, isNan) = SqlStore.StoredValue(m.Value);
                BinaryPrimitives.WriteDoubleLittleEndian(span[at..], value);
                span[at + 8] = (byte)isNan;
                at += 9;
            }
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], keyCount);
            at += 4;
            for (var k = 0; k < keyCount; k++) at += WriteVarint(span[at..], (ulong)latestRows[k]);
            return new EncodedBatch(bytes, at);
        }
        finally
        {
            if (computedKeys is not null) ArrayPool<int>.Shared.Return(computedKeys);
        }
    }

    /// <summary>Each row's key as its position among the keys of <paramref name="latestRows"/> (one per key, first-seen order).</summary>
    private static int[] KeyIndexes(IReadOnlyList<Metric> metrics, IReadOnlyList<int> latestRows)
    {
        var indexOfKey = new Dictionary<string, int>(latestRows.Count, StringComparer.Ordinal);
        for (var k = 0; k < latestRows.Count; k++) indexOfKey[metrics[latestRows[k]].Key] = k;
        var keys = ArrayPool<int>.Shared.Rent(metrics.Count);
        for (var i = 0; i < metrics.Count; i++) keys[i] = indexOfKey[metrics[i].Key];
        return keys;
    }

    /// <summary>One decoded row: where its key lies in the batch, and its values as stored.</summary>
    public readonly record struct Row(int KeyOffset, int KeyLength, long Timestamp, long Step, double Value, long IsNan);

    /// <summary>
    /// Decodes the rows into a pooled array (return it with <see cref="Release"/>) and the latest rows'
    /// indexes into another; throws on a batch that is not well formed.
    /// </summary>
    public static (Row[] Rows, int RowCount, int[] Latest, int LatestCount) Decode(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < 4) throw Malformed();
        return BinaryPrimitives.ReadInt32LittleEndian(batch) == Marker ? DecodeCompact(batch) : DecodeFirstLayout(batch);
    }

    private static (Row[] Rows, int RowCount, int[] Latest, int LatestCount) DecodeCompact(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < 12) throw Malformed();
        var count = BinaryPrimitives.ReadInt32LittleEndian(batch[4..]);
        var keyCount = BinaryPrimitives.ReadInt32LittleEndian(batch[8..]);
        if (count < 0 || keyCount < 0 || count > batch.Length || keyCount > batch.Length) throw Malformed();
        var keys = ArrayPool<(int Offset, int Length)>.Shared.Rent(Math.Max(keyCount, 1));
        Row[]? rows = null;
        int[]? latest = null;
        try
        {
            var at = 12;
            for (var k = 0; k < keyCount; k++)
            {
                var length = checked((int)ReadVarint(batch, ref at));
                if (length > batch.Length - at) throw Malformed();
                keys[k] = (at, length);
                at += length;
            }
            rows = ArrayPool<Row>.Shared.Rent(Math.Max(count, 1));
            long timestamp = 0;
            for (var i = 0; i < count; i++)
            {
                var key = ReadVarint(batch, ref at);
                if (key >= (ulong)keyCount) throw Malformed();
                timestamp = unchecked(timestamp + UnZigZag(ReadVarint(batch, ref at)));
                var step = UnZigZag(ReadVarint(batch, ref at));
                if (batch.Length - at < 9) throw Malformed();
                var (offset, length) = keys[(int)key];
                rows[i] = new Row(offset, length, timestamp, step, BinaryPrimitives.ReadDoubleLittleEndian(batch[at..]), batch[at + 8]);
                at += 9;
            }
            if (batch.Length - at < 4) throw Malformed();
            var latestCount = BinaryPrimitives.ReadInt32LittleEndian(batch[at..]);
            at += 4;
            if (latestCount < 0 || latestCount > count) throw Malformed();
            latest = ArrayPool<int>.Shared.Rent(Math.Max(latestCount, 1));
            for (var i = 0; i < latestCount; i++)
            {
                var row = ReadVarint(batch, ref at);
                if (row >= (ulong)count) throw Malformed();
                latest[i] = (int)row;
            }
            if (at != batch.Length) throw Malformed();
            var decoded = (rows, count, latest, latestCount);
            rows = null;
            latest = null;
            return decoded;
        }
        catch (OverflowException)
        {
            throw Malformed();
        }
        finally
        {
            ArrayPool<(int, int)>.Shared.Return(keys);
            if (rows is not null) ArrayPool<Row>.Shared.Return(rows);
            if (latest is not null) ArrayPool<int>.Shared.Return(latest);
        }
    }

    private static (Row[] Rows, int RowCount, int[] Latest, int LatestCount) DecodeFirstLayout(ReadOnlySpan<byte> batch)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(batch);
        if (count < 0 || count > batch.Length / FirstLayoutFixedRowBytes) throw Malformed();
        var rows = ArrayPool<Row>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var at = 4;
            for (var i = 0; i < count; i++)
            {
                var keyLength = BinaryPrimitives.ReadInt32LittleEndian(batch[at..]);
                var keyOffset = at + 4;
                if (keyLength < 0 || keyLength > batch.Length - keyOffset - 25) throw Malformed();
                at = keyOffset + keyLength;
                rows[i] = new Row(keyOffset, keyLength,
                    BinaryPrimitives.ReadInt64LittleEndian(batch[at..]),
                    BinaryPrimitives.ReadInt64LittleEndian(batch[(at + 8)..]),
                    BinaryPrimitives.ReadDoubleLittleEndian(batch[(at + 16)..]),
                    batch[at + 24]);
                at += 25;
            }
            if (batch.Length - at < 4) throw Malformed();
            var latestCount = BinaryPrimitives.ReadInt32LittleEndian(batch[at..]);
            at += 4;
            if (latestCount < 0 || latestCount > count || at + 4 * latestCount != batch.Length) throw Malformed();
            var latest = ArrayPool<int>.Shared.Rent(Math.Max(latestCount, 1));
            for (var i = 0; i < latestCount; i++) latest[i] = BinaryPrimitives.ReadInt32LittleEndian(batch[(at + 4 * i)..]);
            return (rows, count, latest, latestCount);
        }
        catch
        {
            ArrayPool<Row>.Shared.Return(rows);
            throw;
        }
    }

    public static void Release(Row[] rows, int[] latest)
    {
        ArrayPool<Row>.Shared.Return(rows);
        ArrayPool<int>.Shared.Return(latest);
    }

    private static InvalidDataException Malformed() => new("Malformed encoded metric batch.");

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static int WriteVarint(Span<byte> span, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        return i;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (at >= span.Length) throw Malformed();
            var b = span[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw Malformed();
    }
}

/// <summary>An encoded batch in a pooled buffer (~17 kB for a 1000-metric batch of 500 keys, once per request).</summary>
internal readonly struct EncodedBatch(byte[] buffer, int length)
{
    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, length);

    /// <summary>Gives the buffer back to the pool; the batch must not be used afterwards.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(buffer);
}
