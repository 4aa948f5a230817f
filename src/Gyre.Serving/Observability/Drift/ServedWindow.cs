using Gyre.Core.Data;
using Gyre.Monitoring.Drift;

namespace Gyre.Serving.Observability.Drift;

/// <summary>
/// The most recent served rows of one deployment, for the columns its reference data has: a ring of at
/// most <c>capacity</c> rows, each with its arrival time so rows older than the window's age can be left
/// out. Filled by the monitor's background consumer, read by the evaluation loop (locked).
/// </summary>
internal sealed class ServedWindow
{
    private readonly string[] _columns;
    private readonly bool[] _numeric;
    private readonly double[][] _numbers;
    private readonly string?[][] _texts;
    private readonly bool[] _seen;
    private readonly DateTimeOffset[] _times;
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public ServedWindow(DriftReference reference, int capacity)
    {
        _columns = reference.ColumnNames.Where(n => reference.TryGet(n, out _)).ToArray();
        _numeric = _columns.Select(c => reference.TryGet(c, out var p) && p.Type == DriftColumnType.Numeric).ToArray();
        _numbers = _columns.Select((_, i) => _numeric[i] ? new double[capacity] : []).ToArray();
        _texts = _columns.Select((_, i) => _numeric[i] ? [] : new string?[capacity]).ToArray();
        _seen = new bool[_columns.Length];
        _times = new DateTimeOffset[capacity];
    }

    public int Capacity => _times.Length;

    /// <summary>Adds the rows of one request.</summary>
    public void Add(DataFrame inputs, DateTimeOffset time)
    {
        var sources = new Column?[_columns.Length];
        for (var c = 0; c < _columns.Length; c++) inputs.TryGetColumn(_columns[c], out sources[c]);
        lock (_gate)
        {
            for (var r = 0; r < inputs.RowCount; r++)
            {
                var slot = _next;
                for (var c = 0; c < _columns.Length; c++)
                {
                    var source = sources[c];
                    if (source is not null) _seen[c] = true;
                    if (_numeric[c]) _numbers[c][slot] = source is null ? double.NaN : Number(source, r);
                    else _texts[c][slot] = source is null ? null : Text(source, r);
                }
                _times[slot] = time;
                _next = (_next + 1) % _times.Length;
                if (_count < _times.Length) _count++;
            }
        }
    }

    /// <summary>
    /// The rows that arrived at or after <paramref name="since"/> (all when null) as a table of the columns
    /// served traffic has carried; columns it never carried are left out (the detector reports them as missing).
    /// </summary>
    public DataFrame Snapshot(DateTimeOffset? since)
    {
        lock (_gate)
        {
            var rows = new List<int>(_count);
            for (var i = 0; i < _count; i++)
                if (since is null || _times[i] >= since) rows.Add(i);
            var columns = new List<Column>(_columns.Length);
            for (var c = 0; c < _columns.Length; c++)
            {
                if (!_seen[c]) continue;
                if (_numeric[c])
                {
                    var values = new double[rows.Count];
                    for (var i = 0; i < values.Length; i++) values[i] = _numbers[c][rows[i]];
                    columns.Add(new DoubleColumn(_columns[c], values));
                }
                else
                {
                    var values = new string?[rows.Count];
                    for (var i = 0; i < values.Length; i++) values[i] = _texts[c][rows[i]];
                    columns.Add(new StringColumn(_columns[c], values));
                }
            }
            return new DataFrame(columns);
        }
    }

    private static double Number(Column column, int row) => column switch
    {
        DoubleColumn d => d.Values[row],
        BoolColumn b => b.Values[row] is { } flag ? (flag ? 1 : 0) : double.NaN,
        StringColumn s when double.TryParse(s.Values[row], System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => double.NaN,
    };

    private static string? Text(Column column, int row) => column switch
    {
        StringColumn s => s.Values[row],
        DoubleColumn d => double.IsNaN(d.Values[row]) ? null : d.Values[row].ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        BoolColumn b => b.Values[row] is { } flag ? (flag ? "true" : "false") : null,
        _ => column.GetValue(row)?.ToString(),
    };
}
