using Gyre.Core.Errors;

namespace Gyre.Tracking.Search;

/// <summary>Turns one comparison into a parameterized SQL predicate over a whitelisted column.</summary>
internal static class SqlComparisons
{
    private static readonly HashSet<string> NumericComparators = ["=", "!=", "<", "<=", ">", ">="];
    private static readonly HashSet<string> StringComparators = ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"];

    /// <summary>Predicate on <paramref name="column"/>; <paramref name="what"/> names the key in errors.</summary>
    public static string Build(string column, bool numeric, FilterClause clause, string what, SqlParameterBag bag)
    {
        var op = clause.Comparator;
        if (numeric)
        {
            if (!NumericComparators.Contains(op))
                throw GyreException.InvalidParameter(
                    $"Invalid comparator '{op}' for {what}. Only '=', '!=', '<', '<=', '>', '>=' are allowed.");
            if (!clause.Value.IsNumber)
                throw GyreException.InvalidParameter(
                    $"Expected numeric value type for {what}. Found {clause.Value}");
            var number = clause.Value.Number!.Value;
            object bound = Math.Floor(number) == number && Math.Abs(number) < 9.2e18 ? (long)number : number;
            return $"{column} {Sql(op)} {bag.Add(bound)}";
        }
        if (!StringComparators.Contains(op))
            throw GyreException.InvalidParameter(
                $"Invalid comparator '{op}' for {what}. Only '=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN' are allowed.");
        if (op is "IN" or "NOT IN")
        {
            if (!clause.Value.IsList) throw GyreException.InvalidParameter($"Expected a list of values after {op} for {what}.");
            return $"{column} {op} {bag.AddList(clause.Value.List!)}";
        }
        if (!clause.Value.IsString)
            throw GyreException.InvalidParameter(
                $"Expected a quoted string value for {what}. Found {clause.Value}");
        var p = bag.Add(clause.Value.Text);
        return op switch
        {
            "LIKE" => $"{column} LIKE {p} ESCAPE '\\'",
            "ILIKE" => $"LOWER({column}) LIKE LOWER({p}) ESCAPE '\\'",
            _ => $"{column} {Sql(op)} {p}",
        };
    }

    private static string Sql(string op) => op == "!=" ? "<>" : op;
}
