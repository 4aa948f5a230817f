using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary>The column types a schema can require.</summary>
public enum SchemaType
{
    /// <summary>Any type: only presence is checked.</summary>
    Any,
    Number,
    /// <summary>A numeric column whose every value is a whole number.</summary>
    Integer,
    String,
    Bool,
}

/// <summary>
/// <c>schema</c>: the named columns exist with the given types; with <c>allow_extra_columns: false</c>
/// no other column may exist. Each problem is listed among the unexpected examples.
/// </summary>
public sealed class SchemaExpectation : Expectation
{
    public required IReadOnlyList<(string Column, SchemaType Type)> Columns { get; init; }
    public bool AllowExtraColumns { get; init; } = true;

    public override string Name => "schema";

    public override ExpectationResult Evaluate(DataFrame data, ValidationOptions options)
    {
        var problems = new List<string>();
        foreach (var (name, type) in Columns)
        {
            if (!data.TryGetColumn(name, out var column)) { problems.Add($"missing column '{name}'"); continue; }
            var actual = ActualType(column);
            var ok = type switch
            {
                SchemaType.Any => true,
                SchemaType.Number => column.Kind == ColumnKind.Double,
                SchemaType.Integer => actual == SchemaType.Integer,
                SchemaType.String => column.Kind == ColumnKind.String,
                SchemaType.Bool => column.Kind == ColumnKind.Bool,
                _ => false,
            };
            if (!ok) problems.Add($"column '{name}' is {Describe(actual)}, expected {Describe(type)}");
        }
        if (!AllowExtraColumns)
        {
            var declared = Columns.Select(c => c.Column).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(data.ColumnNames.Where(n => !declared.Contains(n)).Select(n => $"unexpected column '{n}'"));
        }
        var message = problems.Count == 0
            ? $"schema of {Columns.Count} columns matches"
            : $"schema: {problems.Count} problem(s): {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? "; ..." : "")}";
        return Result(problems.Count == 0, message) with
        {
            ElementCount = Columns.Count,
            UnexpectedCount = problems.Count,
            UnexpectedPercent = Columns.Count == 0 ? 0 : 100.0 * problems.Count / Math.Max(Columns.Count, problems.Count),
            UnexpectedExamples = problems.Take(options.MaxExamples).ToList(),
        };
    }

    private static SchemaType ActualType(Column column) => column switch
    {
        DoubleColumn d => d.Values.All(v => double.IsNaN(v) || (double.IsFinite(v) && Math.Floor(v) == v)) ? SchemaType.Integer : SchemaType.Number,
        BoolColumn => SchemaType.Bool,
        _ => SchemaType.String,
    };

    internal static string Describe(SchemaType type) => type switch
    {
        SchemaType.Integer => "integer",
        SchemaType.Number => "number",
        SchemaType.Bool => "bool",
        SchemaType.String => "string",
        _ => "any",
    };
}
