using System.Collections.Frozen;

namespace Gyre.Core.Data;

/// <summary>How <see cref="CsvTable"/> reads a file.</summary>
public sealed record CsvReadOptions
{
    /// <summary>The markers pandas reads as missing by default, so files written by pandas read the same.</summary>
    public static readonly FrozenSet<string> PandasMissingValues = new[]
    {
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static CsvReadOptions Default { get; } = new();

    public char Delimiter { get; init; } = ',';

    /// <summary>Forces the kind of the named columns instead of inferring it.</summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnKinds { get; init; } = new Dictionary<string, ColumnKind>();

    /// <summary>Field texts read as missing values (an empty field always is).</summary>
    public FrozenSet<string> MissingValues { get; init; } = PandasMissingValues;
}
