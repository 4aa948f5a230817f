using Gyre.Core.Data;
using Gyre.Core.Errors;

namespace Gyre.Monitoring.Drift.Windows;

/// <summary>
/// Streaming drift: rows (or single values) are fed one at a time, kept in a ring buffer per column and
/// compared with a reference prepared once. A fixed window reports when it fills and starts over; a
/// sliding window reports every <see cref="DriftWindowOptions.Step"/> rows once full. Not thread-safe:
/// feed it from one thread (the serving monitor owns one per model).
/// </summary>
public sealed class DriftWindow
{
    private readonly DriftReference _reference;
    private readonly DriftWindowOptions _options;
    private readonly string[] _columns;
    private readonly Dictionary<string, int> _index;
    private readonly bool[] _numeric;
    private readonly double[][] _numbers;
    private readonly string?[][] _texts;
    private int _next;
    private int _count;
    private long _sinceLastReport;

    public DriftWindow(DriftReference reference, DriftWindowOptions? options = null)
    {
        _reference = reference;
        _options = options ?? new DriftWindowOptions();
        if (_options.Size < 1) throw GyreException.InvalidParameter($"Window size must be at least 1, got {_options.Size}.");
        if (_options.Mode == WindowMode.Sliding && _options.Step < 1) throw GyreException.InvalidParameter($"Window step must be at least 1, got {_options.Step}.");
        _columns = reference.ColumnNames.Where(n => reference.TryGet(n, out _)).ToArray();
        _index = _columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        _numeric = _columns.Select(c => reference.TryGet(c, out var p) && p.Type == DriftColumnType.Numeric).ToArray();
        _numbers = _columns.Select((_, i) => _numeric[i] ? new double[_options.Size] : []).ToArray();
        _texts = _columns.Select((_, i) => _numeric[i] ? [] : new string?[_options.Size]).ToArray();
        Clear();
    }

    public DriftWindow(DataFrame reference, DriftOptions? driftOptions = null, DriftWindowOptions? options = null)
        : this(DriftReference.Prepare(reference, driftOptions), options)
    {
    }

    /// <summary>Rows currently in the window.</summary>
    public int Count => _count;

    public bool IsFull => _count == _options.Size;

    /// <summary>The columns the window tracks (those of the reference).</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>
    /// Adds one row; columns the row does not name are missing, names the reference does not have are
    /// ignored. Values may be numbers, text, booleans or null. Returns a result when a window completes
    /// (fixed) or a step elapses (sliding), otherwise null.
    /// </summary>
    public DatasetDriftResult? Add(IReadOnlyDictionary<string, object?> row)
    {
        var slot = _next;
        for (var c = 0; c < _columns.Length; c++)
        {
            row.TryGetValue(_columns[c], out var value);
            Store(c, slot, value);
        }
        return Advance();
    }

    /// <summary>Adds one row given in the reference's column order (e.g. a feature vector and the prediction).</summary>
    public DatasetDriftResult? Add(ReadOnlySpan<double> values)
    {
        if (values.Length != _columns.Length)
            throw GyreException.InvalidParameter($"Row has {values.Length} values; the window tracks {_columns.Length} columns ({string.Join(", ", _columns)}).");
        for (var c = 0; c < _columns.Length; c++) Store(c, _next, values[c]);
        return Advance();
    }

    /// <summary>Compares what the window holds now (even if not full) with the reference; null when empty.</summary>
    public DatasetDriftResult? Evaluate()
    {
        if (_count == 0) return null;
        var columns = new Column[_columns.Length];
        // Ring-buffer order does not matter to any method, so the filled slots are used as they are.
        for (var c = 0; c < _columns.Length; c++)
            columns[c] = _numeric[c]
                ? new DoubleColumn(_columns[c], _numbers[c].AsSpan(0, _count).ToArray())
                : new StringColumn(_columns[c], _texts[c].AsSpan(0, _count).ToArray());
        return DriftDetector.Compare(_reference, new DataFrame(columns));
    }

    public void Clear()
    {
        _next = 0;
        _count = 0;
        _sinceLastReport = 0;
        for (var c = 0; c < _columns.Length; c++)
        {
            if (_numeric[c]) Array.Fill(_numbers[c], double.NaN);
            else Array.Clear(_texts[c]);
        }
    }

    private void Store(int column, int slot, object? value)
    {
        if (_numeric[column])
        {
            _numbers[column][slot] = value switch
            {
                null => double.NaN,
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                bool b => b ? 1 : 0,
                decimal m => (double)m,
                string s when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => throw GyreException.InvalidParameter($"Column '{_columns[column]}' is numeric in the reference; '{value}' is not a number."),
            };
        }
        else
        {
            _texts[column][slot] = value switch
            {
                null => null,
                bool b => b ? "true" : "false",
                double d when double.IsNaN(d) => null,
                IFormattable f => f.ToString(FormatOf(value), System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
        }
    }

    private static string? FormatOf(object value) => value is double or float ? "R" : null;

    private void Store(int column, int slot, double value)
    {
        if (_numeric[column]) _numbers[column][slot] = value;
        else _texts[column][slot] = double.IsNaN(value) ? null : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }

    private DatasetDriftResult? Advance()
    {
        _next = (_next + 1) % _options.Size;
        if (_count < _options.Size) _count++;
        _sinceLastReport++;
        if (_options.Mode == WindowMode.Fixed)
        {
            if (!IsFull) return null;
            var result = Evaluate();
            Clear();
            return result;
        }
        if (!IsFull || _sinceLastReport < _options.Step) return null;
        _sinceLastReport = 0;
        return Evaluate();
    }
}
