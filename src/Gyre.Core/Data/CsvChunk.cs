namespace Gyre.Core.Data;

/// <summary>A run of whole CSV lines and the index of its first data row.</summary>
internal sealed class CsvChunk(ReadOnlyMemory<byte> data, int firstRow)
{
    public ReadOnlyMemory<byte> Data { get; } = data;

    public int FirstRow { get; set; } = firstRow;

    /// <summary>Cuts an unquoted body into chunks of about <paramref name="targetBytes"/>, at line ends.</summary>
    public static CsvChunk[] Split(ReadOnlyMemory<byte> body, int targetBytes)
    {
        var chunks = new List<CsvChunk>();
        var start = 0;
        while (start < body.Length)
        {
            var end = Math.Min(body.Length, start + targetBytes);
            if (end < body.Length)
            {
                var newline = body.Span[end..].IndexOf((byte)'\n');
                end = newline < 0 ? body.Length : end + newline + 1;
            }
            chunks.Add(new CsvChunk(body[start..end], 0));
            start = end;
        }
        if (chunks.Count == 0) chunks.Add(new CsvChunk(ReadOnlyMemory<byte>.Empty, 0));
        return [.. chunks];
    }

    /// <summary>Counts each chunk's rows (blank lines are not rows) and numbers them; returns the total.</summary>
    public static int AssignRows(CsvChunk[] chunks, bool quoteAware)
    {
        var counts = new int[chunks.Length];
        Parallel.For(0, chunks.Length, i => counts[i] = CountRows(chunks[i].Data.Span, quoteAware));
        var total = 0L;
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i].FirstRow = (int)total;
            total += counts[i];
        }
        if (total > Array.MaxLength) throw new InvalidOperationException($"CSV has {total} rows; at most {Array.MaxLength} are supported.");
        return (int)total;
    }

    private static int CountRows(ReadOnlySpan<byte> data, bool quoteAware)
    {
        var rows = 0;
        if (!quoteAware)
        {
            while (!data.IsEmpty)
            {
                var newline = data.IndexOf((byte)'\n');
                var line = newline < 0 ? data : data[..newline];
                if (!IsBlank(line)) rows++;
                data = newline < 0 ? [] : data[(newline + 1)..];
            }
            return rows;
        }
        var inQuotes = false;
        var lineHasContent = false;
        foreach (var b in data)
        {
            if (b == (byte)'"') { inQuotes = !inQuotes; lineHasContent = true; }
            else if (b == (byte)'\n' && !inQuotes) { if (lineHasContent) rows++; lineHasContent = false; }
            else if (b != (byte)'\r') lineHasContent = true;
        }
        if (lineHasContent) rows++;
        return rows;
    }

    internal static bool IsBlank(ReadOnlySpan<byte> line) => line.IsEmpty || (line.Length == 1 && line[0] == (byte)'\r');
}
