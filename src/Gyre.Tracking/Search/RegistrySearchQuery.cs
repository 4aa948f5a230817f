using Gyre.Core.Errors;

namespace Gyre.Tracking.Search;

/// <summary>Translates registered-model and model-version searches into parameterized queries.</summary>
internal static class RegistrySearchQuery
{
    private static readonly Dictionary<string, SearchableColumn> ModelColumns = new(StringComparer.Ordinal)
    {
        ["name"] = new("m.name", false),
        ["timestamp"] = new("m.creation_time", true),
        ["creation_timestamp"] = new("m.creation_time", true),
        ["last_updated_timestamp"] = new("m.last_updated_time", true),
    };

    private static readonly Dictionary<string, SearchableColumn> VersionColumns = new(StringComparer.Ordinal)
    {
        ["name"] = new("v.name", false),
        ["run_id"] = new("v.run_id", false),
        ["source_path"] = new("v.source", false),
        ["version_number"] = new("v.version", true),
        ["current_stage"] = new("v.current_stage", false),
        ["timestamp"] = new("v.creation_time", true),
        ["creation_timestamp"] = new("v.creation_time", true),
        ["last_updated_timestamp"] = new("v.last_updated_time", true),
    };

    /// <summary>Query returning registered model names of one page.</summary>
    public static (string Sql, SqlParameterBag Parameters) Models(
        string? filter, IReadOnlyList<string>? orderBy, int limit, long offset, string textCollation)
    {
        var bag = new SqlParameterBag();
        var where = new List<string> { "1 = 1" };
        foreach (var clause in FilterParser.Parse(filter))
        {
            if (clause.Entity == FilterEntity.Tag)
            {
                where.Add($"m.name IN (SELECT t.name FROM registered_model_tags t WHERE t.key = {bag.Add(clause.Key)} AND " +
                          SqlComparisons.Build("t.value", false, clause, $"tag '{clause.Key}'", bag) + ")");
                continue;
            }
            var column = Column(ModelColumns, clause.Entity, clause.Key, "registered model filter");
            where.Add(SqlComparisons.Build(column.Sql, column.Numeric, clause, $"attribute '{clause.Key}'", bag));
        }
        var order = new List<string>();
        foreach (var term in FilterParser.ParseOrderBy(orderBy))
        {
            var column = Column(ModelColumns, term.Entity, term.Key, "order_by");
            order.Add($"{column.Sql}{(column.Numeric ? "" : textCollation)} {(term.Ascending ? "ASC" : "DESC")}");
        }
        order.Add($"m.name{textCollation} ASC");
        var sql = $"""
            SELECT m.name FROM registered_models m
            WHERE {string.Join(" AND ", where)}
            ORDER BY {string.Join(", ", order)}
            LIMIT {bag.Add(limit)} OFFSET {bag.Add(offset)}
            """;
        return (sql, bag);
    }

    /// <summary>Query returning (name, version) of one page of (non-deleted) model versions.</summary>
    public static (string Sql, SqlParameterBag Parameters) Versions(
        string? filter, IReadOnlyList<string>? orderBy, int limit, long offset, string textCollation)
    {
        var bag = new SqlParameterBag();
        var where = new List<string> { "v.current_stage <> 'Deleted_Internal'" };
        foreach (var clause in FilterParser.Parse(filter))
        {
            if (clause.Entity == FilterEntity.Tag)
            {
                where.Add("EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = v.name AND t.version = v.version " +
                          $"AND t.key = {bag.Add(clause.Key)} AND " +
                          SqlComparisons.Build("t.value", false, clause, $"tag '{clause.Key}'", bag) + ")");
                continue;
            }
            var column = Column(VersionColumns, clause.Entity, clause.Key, "model version filter");
            where.Add(SqlComparisons.Build(column.Sql, column.Numeric, clause, $"attribute '{clause.Key}'", bag));
        }
        var order = new List<string>();
        foreach (var term in FilterParser.ParseOrderBy(orderBy))
        {
            var column = Column(VersionColumns, term.Entity, term.Key, "order_by");
            order.Add($"{column.Sql}{(column.Numeric ? "" : textCollation)} {(term.Ascending ? "ASC" : "DESC")}");
        }
        order.Add($"v.name{textCollation} ASC");
        order.Add("v.version DESC");
        var sql = $"""
            SELECT v.name AS Name, v.version AS Version FROM model_versions v
            WHERE {string.Join(" AND ", where)}
            ORDER BY {string.Join(", ", order)}
            LIMIT {bag.Add(limit)} OFFSET {bag.Add(offset)}
            """;
        return (sql, bag);
    }

    private static SearchableColumn Column(Dictionary<string, SearchableColumn> columns, FilterEntity entity, string key, string where)
    {
        if (entity is FilterEntity.Bare or FilterEntity.Attribute && columns.TryGetValue(key, out var column)) return column;
        throw GyreException.InvalidParameter(
            $"Invalid attribute key '{key}' specified in {where}. Valid keys are '{string.Join("', '", columns.Keys)}' and tags.<key>");
    }
}
