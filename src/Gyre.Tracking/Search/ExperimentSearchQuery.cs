using Gyre.Core.Errors;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.Search;

/// <summary>Translates an experiment search into a parameterized query returning experiment ids in order.</summary>
internal static class ExperimentSearchQuery
{
    private static readonly Dictionary<string, SearchableColumn> Attributes = new(StringComparer.Ordinal)
    {
        ["name"] = new("e.name", false),
        ["creation_time"] = new("e.creation_time", true),
        ["last_update_time"] = new("e.last_update_time", true),
        ["experiment_id"] = new("e.experiment_id", true),
    };

    public static (string Sql, SqlParameterBag Parameters) Build(
        string? filter, ViewType viewType, IReadOnlyList<string>? orderBy, int limit, long offset, string textCollation)
    {
        var bag = new SqlParameterBag();
        var where = new List<string> { "1 = 1" };
        if (viewType == ViewType.ActiveOnly) where.Add("e.lifecycle_stage = 'active'");
        else if (viewType == ViewType.DeletedOnly) where.Add("e.lifecycle_stage = 'deleted'");
        foreach (var clause in FilterParser.Parse(filter))
        {
            if (clause.Entity == FilterEntity.Tag)
            {
                where.Add(clause.Comparator is "IS NULL" or "IS NOT NULL"
                    ? $"e.experiment_id {(clause.Comparator == "IS NULL" ? "NOT " : "")}IN (SELECT t.experiment_id FROM experiment_tags t WHERE t.key = {bag.Add(clause.Key)})"
                    : $"e.experiment_id IN (SELECT t.experiment_id FROM experiment_tags t WHERE t.key = {bag.Add(clause.Key)} AND " +
                      SqlComparisons.Build("t.value", false, clause, $"tag '{clause.Key}'", bag) + ")");
                continue;
            }
            var column = Column(clause.Entity, clause.Key, "filter");
            where.Add(SqlComparisons.Build(column.Sql, column.Numeric, clause, $"attribute '{clause.Key}'", bag));
        }
        var order = new List<string>();
        var terms = FilterParser.ParseOrderBy(orderBy);
        if (terms.Count == 0) order.Add("e.creation_time DESC");
        foreach (var term in terms)
        {
            var column = Column(term.Entity, term.Key, "order_by");
            order.Add($"{column.Sql}{(column.Numeric ? "" : textCollation)} {(term.Ascending ? "ASC" : "DESC")}");
        }
        order.Add("e.experiment_id ASC");
        var sql = $"""
            SELECT e.experiment_id FROM experiments e
            WHERE {string.Join(" AND ", where)}
            ORDER BY {string.Join(", ", order)}
            LIMIT {bag.Add(limit)} OFFSET {bag.Add(offset)}
            """;
        return (sql, bag);
    }

    private static SearchableColumn Column(FilterEntity entity, string key, string where)
    {
        if (entity is FilterEntity.Bare or FilterEntity.Attribute && Attributes.TryGetValue(key, out var column)) return column;
        throw GyreException.InvalidParameter(
            $"Invalid attribute key '{key}' specified in {where}. Valid keys are 'name', 'creation_time', 'last_update_time', 'experiment_id' and tags.<key>");
    }
}
