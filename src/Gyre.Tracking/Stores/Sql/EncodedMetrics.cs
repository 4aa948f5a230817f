using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.Stores;

/// <summary>
/// A batch's metric rows and which of them are each key's newest, in one compact byte string (how a
/// deferred batch waits in <c>pending_metric_batches</c>, and how SQLite's writer binds any batch): built on
/// the request's thread, so the writer only reads numbers and UTF-8 keys out of it.
/// Layout (little-endian): count; per row: key length, key UTF-8, timestamp, step, stored value, is_nan;
/// latest count; per latest row: its row index.
/// </summary>
internal static class EncodedMetrics
{
    private const int FixedRowBytes = 4 + 8 + 8 + 8 + 1;

    /// <summary>Encodes into a buffer from the shared pool: give it back with <see cref="EncodedBatch.Return"/> once written.</summary>
    public static EncodedBatch Encode(IReadOnlyList<Metric> metrics, IReadOnlyList<int> latestRows)
    {
        var size = 4 + 4 + 4 * latestRows.Count;
        for (var i = 0; i < metrics.Count; i++) size += FixedRowBytes + Encoding.UTF8.GetByteCount(metrics[i].Key);
        var bytes = ArrayPool<byte>.Shared.Rent(size);
        var span = bytes.AsSpan(0, size);
        BinaryPrimitives.WriteInt32LittleEndian(span, metrics.Count);
        var at = 4;
        for (var i = 0; i < metrics.Count; i++)
        {
            var m = metrics[i];
            var keyBytes = Encoding.UTF8.GetBytes(m.Key, span[(at + 4)..]);
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], keyBytes);
            at += 4 + keyBytes;
            var (value, isNan) = SqlStore.StoredValue(m.Value);
            BinaryPrimitives.WriteInt64LittleEndian(span[at..], m.Timestamp);
            BinaryPrimitives.WriteInt64LittleEndian(span[(at + 8)..], m.Step);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(at + 16)..], value);
            span[at + 24] = (byte)isNan;
            at += 25;
        }
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], latestRows.Count);
        at += 4;
        for (var i = 0; i < latestRows.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], latestRows[i]);
            at += 4;
        }
        return new EncodedBatch(bytes, size);
    }

    /// <summary>One decoded row: where its key lies in the batch, and its values as stored.</summary>
    public readonly record struct Row(int KeyOffset, int KeyLength, long Timestamp, long Step, double Value, long IsNan);

    /// <summary>
    /// Decodes the rows into a pooled array (return it with <see cref="Release"/>) and the latest rows'
    /// indexes into another; throws on a batch that is not well formed.
    /// </summary>
    public static (Row[] Rows, int RowCount, int[] Latest, int LatestCount) Decode(ReadOnlySpan<byte> batch)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(batch);
        if (count < 0 || count > batch.Length) throw new InvalidDataException("Malformed encoded metric batch.");
        var rows = ArrayPool<Row>.Shared.Rent(Math.Max(count, 1));
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(batch[at..]);
            var keyOffset = at + 4;
            at = keyOffset + keyLength;
            rows[i] = new Row(keyOffset, keyLength,
                BinaryPrimitives.ReadInt64LittleEndian(batch[at..]),
                BinaryPrimitives.ReadInt64LittleEndian(batch[(at + 8)..]),
                BinaryPrimitives.ReadDoubleLittleEndian(batch[(at + 16)..]),
                batch[at + 24]);
            at += 25;
        }
        var latestCount = BinaryPrimitives.ReadInt32LittleEndian(batch[at..]);
        at += 4;
        if (latestCount < 0 || latestCount > count || at + 4 * latestCount != batch.Length)
        {
            ArrayPool<Row>.Shared.Return(rows);
            throw new InvalidDataException("Malformed encoded metric batch.");
        }
        var latest = ArrayPool<int>.Shared.Rent(Math.Max(latestCount, 1));
        for (var i = 0; i < latestCount; i++) latest[i] = BinaryPrimitives.ReadInt32LittleEndian(batch[(at + 4 * i)..]);
        return (rows, count, latest, latestCount);
    }

    public static void Release(Row[] rows, int[] latest)
    {
        ArrayPool<Row>.Shared.Return(rows);
        ArrayPool<int>.Shared.Return(latest);
    }
}

/// <summary>An encoded batch in a pooled buffer (a 1000-metric batch is ~40 kB, once per request).</summary>
internal readonly struct EncodedBatch(byte[] buffer, int length)
{
    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, length);

    /// <summary>Gives the buffer back to the pool; the batch must not be used afterwards.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(buffer);
}
