using Gyre.Core.Errors;

namespace Gyre.Serving.Protocols;

/// <summary>
/// A request's rows as named columns, before they are bound to a model's inputs. A column holds numbers
/// (null is NaN) unless one of its cells is text, in which case it holds text.
/// </summary>
public sealed class InputFrame
{
    public InputFrame(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        CheckDistinct(columns);
        Columns = columns;
        RowCount = rows.Count;
        Numbers = new double[columns.Count][];
        Texts = new string?[columns.Count][];
        for (var c = 0; c < columns.Count; c++)
        {
            var numbers = new double[rows.Count];
            string?[]? texts = null;
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                if (row.Length != columns.Count)
                    throw Bad($"Row {r} has {row.Length} values but there are {columns.Count} columns.");
                switch (row[c])
                {
                    case null: numbers[r] = double.NaN; break;
                    case double d: numbers[r] = d; break;
                    case bool b: numbers[r] = b ? 1 : 0; break;
                    case string s:
                        texts ??= new string?[rows.Count];
                        texts[r] = s;
                        break;
                    default: throw Bad($"Column '{columns[c]}' row {r}: unsupported value.");
                }
            }
            if (texts is not null)
            {
                for (var r = 0; r < rows.Count; r++)
                    if (rows[r][c] is double or bool) texts[r] = Convert.ToString(rows[r][c], System.Globalization.CultureInfo.InvariantCulture);
            }
            Numbers[c] = numbers;
            Texts[c] = texts;
        }
    }

    /// <summary>A frame of numeric columns already laid out one array per column (each of the same length).</summary>
    public InputFrame(IReadOnlyList<string> columns, double[][] numbers)
    {
        CheckDistinct(columns);
        if (numbers.Length != columns.Count)
            throw Bad($"The request has {columns.Count} columns but {numbers.Length} values per row.");
        Columns = columns;
        RowCount = numbers.Length == 0 ? 0 : numbers[0].Length;
        Numbers = numbers;
        Texts = new string?[columns.Count][];
    }

    public IReadOnlyList<string> Columns { get; }

    public int RowCount { get; }

    /// <summary>Per column, the numeric values (NaN where missing or text).</summary>
    public double[][] Numbers { get; }

    /// <summary>Per column, the text values, or null when the column is entirely numeric.</summary>
    public string?[]?[] Texts { get; }

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++) if (Columns[i] == column) return i;
        return -1;
    }

    private static void CheckDistinct(IReadOnlyList<string> columns)
    {
        // Requests name a handful of columns: a pairwise check costs less than building a set.
        if (columns.Count > 64)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in columns)
                if (!seen.Add(c)) throw Bad($"Column '{c}' appears twice in the request.");
            return;
        }
        for (var i = 1; i < columns.Count; i++)
            for (var j = 0; j < i; j++)
                if (columns[i] == columns[j]) throw Bad($"Column '{columns[i]}' appears twice in the request.");
    }

    private static GyreException Bad(string message) => new(ErrorCode.BAD_REQUEST, message);
}
