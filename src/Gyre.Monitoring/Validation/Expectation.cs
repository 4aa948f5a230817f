using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation;

/// <summary>One check of a suite: a table-level rule, or a rule on one column.</summary>
public abstract class Expectation
{
    /// <summary>The name used in suite files, e.g. <c>not_null</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The column checked, or null for table-level expectations.</summary>
    public string? Column { get; init; }

    /// <summary>Where the expectation was declared (1-based line in the suite file; 0 when built in code).</summary>
    public int Line { get; init; }

    public abstract ExpectationResult Evaluate(DataFrame data, ValidationOptions options);

    protected ExpectationResult Result(bool success, string message) =>
        new() { Expectation = Name, Column = Column, Success = success, Message = message, Line = Line };

    /// <summary>A failed result for an expectation that could not be evaluated, with the reason.</summary>
    protected ExpectationResult Unevaluable(string error) =>
        new() { Expectation = Name, Column = Column, Success = false, Message = error, Error = error, Line = Line };

    /// <summary>Resolves <see cref="Column"/>, or explains that it is missing.</summary>
    protected bool TryGetColumn(DataFrame data, out Column column, out ExpectationResult? missing)
    {
        if (Column is not null && data.TryGetColumn(Column, out column))
        {
            missing = null;
            return true;
        }
        column = null!;
        missing = Unevaluable($"column '{Column}' is not in the data (columns: {string.Join(", ", data.ColumnNames)})");
        return false;
    }
}
