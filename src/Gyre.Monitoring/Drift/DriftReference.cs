using Gyre.Core.Data;

namespace Gyre.Monitoring.Drift;

/// <summary>
/// A reference data set prepared once (types decided, numbers sorted, categories counted), so it can be
/// compared with many current batches or streaming windows without redoing that work.
/// </summary>
public sealed class DriftReference
{
    private readonly Dictionary<string, PreparedColumn> _columns;

    internal DriftReference(IReadOnlyList<string> columnNames, Dictionary<string, PreparedColumn> columns, int rows, DriftOptions options)
    {
        ColumnNames = columnNames;
        _columns = columns;
        Rows = rows;
        Options = options;
    }

    /// <summary>Every column of the reference, in order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    public int Rows { get; }

    public DriftOptions Options { get; }

    public bool TryGet(string column, out PreparedColumn prepared) => _columns.TryGetValue(column, out prepared!);

    public static DriftReference Prepare(DataFrame reference, DriftOptions? options = null)
    {
        options ??= new DriftOptions();
        var selected = reference.Columns.Where(c => options.Columns is null || options.Columns.Contains(c.Name)).ToArray();
        var prepared = new PreparedColumn[selected.Length];
        var body = (int i) =>
        {
            var column = selected[i];
            var type = options.PerColumn.GetValueOrDefault(column.Name)?.Type
                       ?? ColumnPreparation.InferType(column, options.CategoricalMaxUnique);
            prepared[i] = ColumnPreparation.Prepare(column, type, "reference");
        };
        if (options.Parallel) System.Threading.Tasks.Parallel.For(0, selected.Length, body);
        else for (var i = 0; i < selected.Length; i++) body(i);
        return new DriftReference(reference.Columns.Select(c => c.Name).ToArray(),
            prepared.ToDictionary(p => p.Name, StringComparer.Ordinal), reference.RowCount, options);
    }
}
