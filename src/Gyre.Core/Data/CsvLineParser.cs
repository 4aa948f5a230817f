using System.Text;
using Gyre.Core.Errors;

namespace Gyre.Core.Data;

/// <summary>Splits CSV lines into fields and hands each to its column's builder.</summary>
internal static class CsvLineParser
{
    /// <summary>Parses the header line into <paramref name="names"/>; returns where the body starts.</summary>
    public static int ReadHeader(ReadOnlySpan<byte> data, byte delimiter, List<string> names)
    {
        var pos = 0;
        while (pos < data.Length && (data[pos] == (byte)'\n' || data[pos] == (byte)'\r')) pos++;
        if (pos >= data.Length) return data.Length;
        var scratch = Array.Empty<byte>();
        while (true)
        {
            var terminator = ReadField(data, ref pos, delimiter, ref scratch, out var field);
            names.Add(Encoding.UTF8.GetString(field).Trim());
            if (terminator != delimiter) return pos;
        }
    }

    public static void ParseChunk(CsvChunk chunk, CsvColumnBuilder[] builders, byte delimiter, CsvPass pass, string source)
    {
        var data = chunk.Data.Span;
        var row = chunk.FirstRow;
        var pos = 0;
        var scratch = Array.Empty<byte>();
        var lastColumn = builders.Length - 1;
        while (pos < data.Length)
        {
            if (data[pos] == (byte)'\n') { pos++; continue; }
            if (data[pos] == (byte)'\r' && (pos + 1 == data.Length || data[pos + 1] == (byte)'\n')) { pos += 2; continue; }
            for (var c = 0; ; c++)
            {
                var terminator = ReadField(data, ref pos, delimiter, ref scratch, out var field);
                if (c <= lastColumn) builders[c].Accept(row, field, pass, source);
                if (terminator == delimiter) continue;
                if (c != lastColumn)
                    throw GyreException.InvalidParameter(
                        $"CSV {source} data row {row + 1} has {c + 1} fields but the header names {builders.Length} columns.");
                break;
            }
            row++;
        }
    }

    /// <summary>
    /// Reads one field at <paramref name="pos"/> and moves past its terminator, which it returns
    /// (the delimiter, or '\n' at a line end or the end of data).
    /// </summary>
    private static byte ReadField(ReadOnlySpan<byte> data, ref int pos, byte delimiter, ref byte[] scratch, out ReadOnlySpan<byte> field)
    {
        if (pos < data.Length && data[pos] == (byte)'"') return ReadQuotedField(data, ref pos, delimiter, ref scratch, out field);
        var rest = data[pos..];
        var end = rest.IndexOfAny(delimiter, (byte)'\n');
        if (end < 0)
        {
            field = TrimCarriageReturn(rest);
            pos = data.Length;
            return (byte)'\n';
        }
        var terminator = rest[end];
        field = terminator == (byte)'\n' ? TrimCarriageReturn(rest[..end]) : rest[..end];
        pos += end + 1;
        return terminator;
    }

    private static byte ReadQuotedField(ReadOnlySpan<byte> data, ref int pos, byte delimiter, ref byte[] scratch, out ReadOnlySpan<byte> field)
    {
        var length = 0;
        var i = pos + 1;
        while (true)
        {
            var rest = data[i..];
            var quote = rest.IndexOf((byte)'"');
            if (quote < 0) throw GyreException.InvalidParameter("CSV has a quoted field that is never closed.");
            Append(ref scratch, ref length, rest[..quote]);
            i += quote + 1;
            if (i < data.Length && data[i] == (byte)'"') { Append(ref scratch, ref length, "\""u8); i++; continue; }
            break;
        }
        field = scratch.AsSpan(0, length);
        if (i < data.Length && data[i] == (byte)'\r') i++;
        if (i >= data.Length) { pos = data.Length; return (byte)'\n'; }
        var terminator = data[i];
        if (terminator != delimiter && terminator != (byte)'\n')
            throw GyreException.InvalidParameter("CSV has text after a closing quote; quotes inside a field must be doubled.");
        pos = i + 1;
        return terminator;
    }

    private static void Append(ref byte[] scratch, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > scratch.Length) Array.Resize(ref scratch, Math.Max(64, (length + bytes.Length) * 2));
        bytes.CopyTo(scratch.AsSpan(length));
        length += bytes.Length;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> field) =>
        !field.IsEmpty && field[^1] == (byte)'\r' ? field[..^1] : field;
}
