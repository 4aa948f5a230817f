using System.Buffers;
using System.Globalization;
using System.Text;
using Gyre.Core.Errors;

namespace Gyre.Core.Data;

/// <summary>
/// Reads and writes CSV (RFC 4180: header row, quoted fields with "" escapes, LF or CRLF line ends).
/// Reading infers each column's kind: Double when every non-missing field is an invariant-culture number,
/// Bool when every one is true/false, else String. Unquoted files are parsed in parallel chunks.
/// </summary>
public static class CsvTable
{
    private const int ParallelChunkBytes = 4 << 20;

    public static DataFrame Read(string path, CsvReadOptions? options = null)
    {
        if (!File.Exists(path)) throw GyreException.InvalidParameter($"CSV file '{path}' does not exist.");
        var info = new FileInfo(path);
        if (info.Length > Array.MaxLength)
            throw GyreException.InvalidParameter($"CSV file '{path}' is {info.Length} bytes; the reader holds at most {Array.MaxLength} bytes.");
        return Parse(File.ReadAllBytes(path), options ?? CsvReadOptions.Default, path);
    }

    public static DataFrame Read(Stream stream, CsvReadOptions? options = null)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length).ToArray(), options ?? CsvReadOptions.Default, "stream");
    }

    /// <summary>Parses CSV text held in memory.</summary>
    public static DataFrame Parse(string text, CsvReadOptions? options = null) =>
        Parse(Encoding.UTF8.GetBytes(text), options ?? CsvReadOptions.Default, "text");

    public static void Write(DataFrame frame, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        // Written to a temporary name and renamed, so a reader never sees half a file.
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var stream = File.Create(temp)) Write(frame, stream);
        File.Move(temp, path, overwrite: true);
    }

    public static void Write(DataFrame frame, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', frame.Columns.Select(c => Quote(c.Name))));
        var line = new StringBuilder();
        for (var row = 0; row < frame.RowCount; row++)
        {
            line.Clear();
            for (var c = 0; c < frame.Columns.Count; c++)
            {
                if (c > 0) line.Append(',');
                switch (frame.Columns[c])
                {
                    case DoubleColumn d:
                        var v = d.Values[row];
                        if (!double.IsNaN(v)) line.Append(v.ToString(CultureInfo.InvariantCulture));
                        break;
                    case StringColumn s:
                        if (s.Values[row] is { } text) line.Append(Quote(text));
                        break;
                    case BoolColumn b:
                        if (b.Values[row] is { } flag) line.Append(flag ? "true" : "false");
                        break;
                }
            }
            writer.WriteLine(line);
        }
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";

    private static DataFrame Parse(byte[] bytes, CsvReadOptions options, string source)
    {
        if (options.Delimiter > 127 || options.Delimiter is '"' or '\n' or '\r')
            throw GyreException.InvalidParameter($"Delimiter '{options.Delimiter}' is not supported.");
        ReadOnlySpan<byte> data = bytes;
        if (data.StartsWith("\uFEFF"u8)) data = data[3..];
        var delimiter = (byte)options.Delimiter;
        var hasQuotes = data.IndexOf((byte)'"') >= 0;

        var headerFields = new List<string>();
        var bodyStart = CsvLineParser.ReadHeader(data, delimiter, headerFields);
        if (headerFields.Count == 0) throw GyreException.InvalidParameter($"CSV {source} is empty: it has no header row.");
        var names = NameColumns(headerFields, source);
        var body = bytes.AsMemory((bytes.Length - data.Length) + bodyStart);

        var chunks = hasQuotes ? [new CsvChunk(body, 0)] : CsvChunk.Split(body, ParallelChunkBytes);
        var rows = CsvChunk.AssignRows(chunks, quoteAware: hasQuotes);

        var builders = new CsvColumnBuilder[names.Length];
        for (var c = 0; c < names.Length; c++)
        {
            var kind = options.ColumnKinds.TryGetValue(names[c], out var forced) ? forced : (ColumnKind?)null;
            builders[c] = new CsvColumnBuilder(names[c], rows, kind, options.MissingValues);
        }
        foreach (var forcedName in options.ColumnKinds.Keys)
        {
            if (!names.Contains(forcedName))
                throw GyreException.InvalidParameter($"Column '{forcedName}' given a kind is not in {source}'s header.");
        }

        // Pass 1: numeric columns (every column starts as a candidate), chunks in parallel.
        RunPass(chunks, builders, delimiter, CsvPass.Numeric, source);
        // Pass 2: the columns that turned out to hold text, over the whole body once.
        if (builders.Any(b => b.NeedsTextPass))
            RunPass(chunks, builders, delimiter, CsvPass.Text, source);

        return new DataFrame(builders.Select(b => b.Build()));
    }

    private static void RunPass(CsvChunk[] chunks, CsvColumnBuilder[] builders, byte delimiter, CsvPass pass, string source)
    {
        if (chunks.Length == 1 || pass == CsvPass.Text)
        {
            foreach (var chunk in chunks) CsvLineParser.ParseChunk(chunk, builders, delimiter, pass, source);
            return;
        }
        Parallel.ForEach(chunks, chunk => CsvLineParser.ParseChunk(chunk, builders, delimiter, pass, source));
    }

    private static string[] NameColumns(List<string> header, string source)
    {
        var names = new string[header.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            names[i] = header[i].Length == 0 ? $"Unnamed: {i}" : header[i];
            if (!seen.Add(names[i]))
                throw GyreException.InvalidParameter($"CSV {source} has the column name '{names[i]}' twice.");
        }
        return names;
    }
}
