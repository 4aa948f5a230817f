using System.Globalization;
using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation;

/// <summary>Reads any column's values as text or as numbers, so expectations work on every column kind.</summary>
internal static class ColumnValues
{
    /// <summary>The value as text (numbers in shortest round-trip form), or null when missing.</summary>
    public static string? Text(Column column, int row) => column switch
    {
        DoubleColumn d => double.IsNaN(d.Values[row]) ? null : d.Values[row].ToString("R", CultureInfo.InvariantCulture),
        StringColumn s => s.Values[row],
        BoolColumn b => b.Values[row] is { } v ? (v ? "true" : "false") : null,
        _ => column.GetValue(row)?.ToString(),
    };

    /// <summary>
    /// The value as a number: NaN when missing; false (with the value left NaN) when it is text that is not a number.
    /// Booleans read as 0/1.
    /// </summary>
    public static bool TryNumber(Column column, int row, out double value)
    {
        switch (column)
        {
            case DoubleColumn d:
                value = d.Values[row];
                return true;
            case BoolColumn b:
                value = b.Values[row] is { } v ? (v ? 1 : 0) : double.NaN;
                return true;
            default:
                var text = Text(column, row);
                value = double.NaN;
                if (text is null) return true;
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    /// <summary>
    /// The non-missing values as numbers, or the first value that is not a number (with its row) so the
    /// caller can explain why an aggregate cannot be computed.
    /// </summary>
    public static double[] Numbers(Column column, out (int Row, string Text)? firstNonNumeric)
    {
        firstNonNumeric = null;
        if (column is DoubleColumn d) return d.NonMissing();
        var values = new List<double>(column.Length);
        for (var i = 0; i < column.Length; i++)
        {
            if (!TryNumber(column, i, out var v))
            {
                firstNonNumeric ??= (i, Text(column, i) ?? "");
                continue;
            }
            if (!double.IsNaN(v)) values.Add(v);
        }
        return [.. values];
    }

    public static string KindName(Column column) => column.Kind switch
    {
        ColumnKind.Double => "number",
        ColumnKind.Bool => "bool",
        _ => "string",
    };
}
