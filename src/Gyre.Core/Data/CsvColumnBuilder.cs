using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Gyre.Core.Errors;

namespace Gyre.Core.Data;

/// <summary>Collects one column's fields and decides its kind.</summary>
internal sealed class CsvColumnBuilder
{
    private const NumberStyles NumberStyle = NumberStyles.Float;
    private readonly string _name;
    private readonly int _rows;
    private readonly ColumnKind? _forcedKind;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _missing;
    private double[]? _numbers;
    private string?[]? _texts;
    private Dictionary<string, string>? _interned;
    private volatile bool _holdsText;

    public CsvColumnBuilder(string name, int rows, ColumnKind? forcedKind, FrozenSet<string> missingValues)
    {
        _name = name;
        _rows = rows;
        _forcedKind = forcedKind;
        _missing = missingValues.GetAlternateLookup<ReadOnlySpan<char>>();
        if (forcedKind is null or ColumnKind.Double) _numbers = new double[rows];
    }

    /// <summary>Whether the column is read as text (it is forced to, or a field was not a number).</summary>
    public bool NeedsTextPass => _forcedKind is ColumnKind.String or ColumnKind.Bool || (_forcedKind is null && _holdsText);

    public void Accept(int row, ReadOnlySpan<byte> field, CsvPass pass, string source)
    {
        if (pass == CsvPass.Numeric)
        {
            if (_numbers is not null && !_holdsText) _numbers[row] = ParseNumber(row, field, source);
            return;
        }
        if (!NeedsTextPass) return;
        _texts ??= new string?[_rows];
        _texts[row] = ParseText(field);
    }

    public Column Build()
    {
        if (!NeedsTextPass) return new DoubleColumn(_name, _numbers ?? []);
        _numbers = null;
        var texts = _texts ?? new string?[_rows];
        if (_forcedKind == ColumnKind.String) return new StringColumn(_name, texts);
        var booleans = ToBooleans(texts, strict: _forcedKind == ColumnKind.Bool);
        return booleans is null ? new StringColumn(_name, texts) : new BoolColumn(_name, booleans);
    }

    private double ParseNumber(int row, ReadOnlySpan<byte> field, string source)
    {
        if (field.IsEmpty) return double.NaN;
        if (double.TryParse(field, NumberStyle, CultureInfo.InvariantCulture, out var value)) return value;
        var text = Encoding.UTF8.GetString(field);
        if (_missing.Contains(text.AsSpan())) return double.NaN;
        switch (text.Trim().ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
        }
        if (_forcedKind == ColumnKind.Double)
            throw GyreException.InvalidParameter($"CSV {source} column '{_name}' data row {row + 1}: '{text}' is not a number.");
        _holdsText = true;
        return double.NaN;
    }

    private string? ParseText(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty) return null;
        var charCount = Encoding.UTF8.GetCharCount(field);
        Span<char> chars = charCount <= 256 ? stackalloc char[charCount] : new char[charCount];
        Encoding.UTF8.GetChars(field, chars);
        if (_missing.Contains(chars)) return null;
        // Categorical columns repeat a few values many times: keep one string per distinct value.
        _interned ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = _interned.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var existing)) return existing;
        var text = new string(chars);
        _interned[text] = text;
        return text;
    }

    private bool?[]? ToBooleans(string?[] texts, bool strict)
    {
        var result = new bool?[texts.Length];
        var any = false;
        for (var i = 0; i < texts.Length; i++)
        {
            var text = texts[i];
            if (text is null) continue;
            if (IsWord(text, "true") || (strict && text == "1")) result[i] = true;
            else if (IsWord(text, "false") || (strict && text == "0")) result[i] = false;
            else if (strict) throw GyreException.InvalidParameter($"Column '{_name}' data row {i + 1}: '{text}' is not true or false.");
            else return null;
            any = true;
        }
        return any || strict ? result : null;
    }

    private static bool IsWord(string text, string word) => text.Trim().Equals(word, StringComparison.OrdinalIgnoreCase);
}
