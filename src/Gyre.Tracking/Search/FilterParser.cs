using System.Globalization;
using Gyre.Core.Errors;

namespace Gyre.Tracking.Search;

/// <summary>
/// Parses MLflow's search filter grammar: comparisons joined by AND.
/// <code>
/// filter     := clause (AND clause)*
/// clause     := identifier comparator value | identifier [NOT] IN list | identifier IS [NOT] NULL
/// comparator := = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;= | LIKE | ILIKE
/// value      := 'string' | "string" | number
/// list       := ( value (, value)* )
/// </code>
/// </summary>
public static class FilterParser
{
    public static IReadOnlyList<FilterClause> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return [];
        var tokens = FilterTokenizer.Tokenize(filter, "filter");
        var clauses = new List<FilterClause>();
        var i = 0;
        while (true)
        {
            clauses.Add(ParseClause(filter, tokens, ref i));
            var next = tokens[i];
            if (next.Kind == FilterTokenKind.End) break;
            if (next.Kind == FilterTokenKind.Or)
                throw FilterTokenizer.Invalid("filter", filter, "OR is not supported; join comparisons with AND");
            if (next.Kind != FilterTokenKind.And)
                throw FilterTokenizer.Invalid("filter", filter, $"expected AND at position {next.Position} but found '{next.Text}'");
            i++;
        }
        return clauses;
    }

    private static FilterClause ParseClause(string filter, List<FilterToken> tokens, ref int i)
    {
        var identifier = tokens[i];
        if (identifier.Kind != FilterTokenKind.Identifier)
            throw FilterTokenizer.Invalid("filter", filter,
                $"expected an identifier such as metrics.<key>, params.<key>, tags.<key> or attributes.<name> at position {identifier.Position} but found '{identifier.Text}'");
        var entity = ParseEntity(identifier.Prefix, filter);
        i++;
        var op = tokens[i];
        string comparator;
        switch (op.Kind)
        {
            case FilterTokenKind.Comparator:
                comparator = op.Text;
                i++;
                break;
            case FilterTokenKind.Like:
            case FilterTokenKind.ILike:
                comparator = op.Kind == FilterTokenKind.Like ? "LIKE" : "ILIKE";
                i++;
                break;
            case FilterTokenKind.In:
                i++;
                return new FilterClause(entity, identifier.Text, "IN", ParseList(filter, tokens, ref i));
            case FilterTokenKind.Not when tokens[i + 1].Kind == FilterTokenKind.In:
                i += 2;
                return new FilterClause(entity, identifier.Text, "NOT IN", ParseList(filter, tokens, ref i));
            case FilterTokenKind.Not when tokens[i + 1].Kind is FilterTokenKind.Like or FilterTokenKind.ILike:
                throw FilterTokenizer.Invalid("filter", filter, "NOT LIKE is not supported");
            case FilterTokenKind.Is:
                i++;
                var negated = tokens[i].Kind == FilterTokenKind.Not;
                if (negated) i++;
                if (tokens[i].Kind != FilterTokenKind.Null)
                    throw FilterTokenizer.Invalid("filter", filter, $"expected NULL at position {tokens[i].Position}");
                i++;
                return new FilterClause(entity, identifier.Text, negated ? "IS NOT NULL" : "IS NULL", new FilterValue(null, null, null));
            default:
                throw FilterTokenizer.Invalid("filter", filter,
                    $"expected a comparison operator after '{identifier.Text}' at position {op.Position}");
        }
        var value = tokens[i];
        i++;
        return value.Kind switch
        {
            FilterTokenKind.String => new FilterClause(entity, identifier.Text, comparator, new FilterValue(value.Text, null, null)),
            FilterTokenKind.Number => new FilterClause(entity, identifier.Text, comparator, new FilterValue(value.Text, ParseNumber(filter, value), null)),
            _ => throw FilterTokenizer.Invalid("filter", filter,
                $"expected a quoted string or a number after '{comparator}' at position {value.Position}"),
        };
    }

    private static FilterValue ParseList(string filter, List<FilterToken> tokens, ref int i)
    {
        if (tokens[i].Kind != FilterTokenKind.LeftParen)
            throw FilterTokenizer.Invalid("filter", filter, $"expected '(' after IN at position {tokens[i].Position}");
        i++;
        var values = new List<string>();
        while (true)
        {
            var t = tokens[i];
            if (t.Kind is not (FilterTokenKind.String or FilterTokenKind.Number))
                throw FilterTokenizer.Invalid("filter", filter, $"expected a quoted value in the IN list at position {t.Position}");
            values.Add(t.Text);
            i++;
            if (tokens[i].Kind == FilterTokenKind.Comma)
            {
                i++;
                continue;
            }
            if (tokens[i].Kind == FilterTokenKind.RightParen)
            {
                i++;
                return new FilterValue(null, null, values);
            }
            throw FilterTokenizer.Invalid("filter", filter, $"expected ',' or ')' in the IN list at position {tokens[i].Position}");
        }
    }

    private static double ParseNumber(string filter, FilterToken token) =>
        double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw FilterTokenizer.Invalid("filter", filter, $"'{token.Text}' is not a number");

    internal static FilterEntity ParseEntity(string? prefix, string input) => prefix?.ToLowerInvariant() switch
    {
        null => FilterEntity.Bare,
        "metric" or "metrics" => FilterEntity.Metric,
        "param" or "params" or "parameter" or "parameters" => FilterEntity.Param,
        "tag" or "tags" => FilterEntity.Tag,
        "attribute" or "attributes" or "attr" or "run" => FilterEntity.Attribute,
        "dataset" or "datasets" => FilterEntity.Dataset,
        _ => throw GyreException.InvalidParameter(
            $"Invalid entity type '{prefix}' in '{input}'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"),
    };

    /// <summary>Parses order_by terms such as <c>metrics.acc DESC</c> or <c>start_time</c>.</summary>
    public static IReadOnlyList<OrderByClause> ParseOrderBy(IReadOnlyList<string>? orderBy)
    {
        if (orderBy is null || orderBy.Count == 0) return [];
        var result = new List<OrderByClause>();
        foreach (var term in orderBy)
        {
            if (string.IsNullOrWhiteSpace(term))
                throw GyreException.InvalidParameter("Invalid order_by clause ''.");
            var tokens = FilterTokenizer.Tokenize(term, "order_by clause");
            if (tokens[0].Kind != FilterTokenKind.Identifier)
                throw GyreException.InvalidParameter($"Invalid order_by clause '{term}'. Could not be parsed.");
            var ascending = true;
            var next = 1;
            if (tokens[next].Kind is FilterTokenKind.Asc or FilterTokenKind.Desc)
            {
                ascending = tokens[next].Kind == FilterTokenKind.Asc;
                next++;
            }
            if (tokens[next].Kind != FilterTokenKind.End)
                throw GyreException.InvalidParameter($"Invalid order_by clause '{term}'. Could not be parsed.");
            result.Add(new OrderByClause(ParseEntity(tokens[0].Prefix, term), tokens[0].Text, ascending));
        }
        return result;
    }
}
