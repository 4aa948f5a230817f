using Gyre.Core.Errors;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.Search;

/// <summary>
/// Translates a run search (experiments, filter, view type, order_by, page) into one parameterized SQL
/// query that returns the run ids of the page in order. Keys and values are always bound parameters;
/// only whitelisted column names reach the SQL text. Metric, param and tag filters are correlated
/// EXISTS lookups on each candidate run's primary key, so their cost follows the runs searched, not
/// the whole store.
/// </summary>
internal static class RunSearchQuery
{
    private static readonly Dictionary<string, SearchableColumn> Attributes = new(StringComparer.Ordinal)
    {
        ["run_id"] = new("r.run_uuid", false),
        ["run_name"] = new("r.name", false),
        ["status"] = new("r.status", false),
        ["user_id"] = new("r.user_id", false),
        ["artifact_uri"] = new("r.artifact_uri", false),
        ["lifecycle_stage"] = new("r.lifecycle_stage", false),
        ["start_time"] = new("r.start_time", true),
        ["end_time"] = new("r.end_time", true),
        ["created"] = new("r.start_time", true),
        ["experiment_id"] = new("r.experiment_id", true),
    };

    private static readonly HashSet<string> DatasetKeys = ["name", "digest", "context"];

    public static (string Sql, SqlParameterBag Parameters) Build(
        IReadOnlyList<long> experimentIds, string? filter, ViewType viewType,
        IReadOnlyList<string>? orderBy, int limit, long offset, string textCollation)
    {
        var bag = new SqlParameterBag();
        var where = new List<string>
        {
            $"r.experiment_id IN {bag.AddList(experimentIds.Cast<object>())}",
        };
        if (viewType == ViewType.ActiveOnly) where.Add("r.lifecycle_stage = 'active'");
        else if (viewType == ViewType.DeletedOnly) where.Add("r.lifecycle_stage = 'deleted'");
        foreach (var clause in FilterParser.Parse(filter)) where.Add(Predicate(clause, bag));

        var joins = new List<string>();
        var order = new List<string>();
        var sortsByStartTime = false;
        var n = 0;
        foreach (var term in FilterParser.ParseOrderBy(orderBy))
        {
            var dir = term.Ascending ? "ASC" : "DESC";
            var alias = $"o{n++}";
            switch (term.Entity)
            {
                case FilterEntity.Metric:
                    joins.Add($"LEFT JOIN latest_metrics {alias} ON {alias}.run_key = r.run_key AND {alias}.key = {bag.Add(term.Key)}");
                    // MLflow puts NaN after numbers and missing values last, whatever the direction.
                    order.Add($"CASE WHEN {alias}.is_nan = 1 THEN 1 WHEN {alias}.value IS NULL THEN 2 ELSE 0 END");
                    order.Add($"{alias}.value {dir}");
                    break;
                case FilterEntity.Param:
                case FilterEntity.Tag:
                    var table = term.Entity == FilterEntity.Param ? "params" : "tags";
                    joins.Add($"LEFT JOIN {table} {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.key = {bag.Add(term.Key)}");
                    order.Add($"CASE WHEN {alias}.value IS NULL THEN 1 ELSE 0 END");
                    order.Add($"{alias}.value{textCollation} {dir}");
                    break;
                case FilterEntity.Attribute:
                case FilterEntity.Bare:
                    var column = AttributeColumn(term.Key, "order_by");
                    if (column.Sql == "r.start_time") sortsByStartTime = true;
                    order.Add($"CASE WHEN {column.Sql} IS NULL THEN 1 ELSE 0 END");
                    order.Add($"{column.Sql}{(column.Numeric ? "" : textCollation)} {dir}");
                    break;
                default:
                    throw GyreException.InvalidParameter(
                        $"Invalid order_by entity type for '{term.Key}'. Valid prefixes are metrics., params., tags., attributes.");
            }
        }
        if (!sortsByStartTime) order.Add("r.start_time DESC");
        order.Add("r.run_uuid ASC");

        var sql = $"""
            SELECT r.run_uuid FROM runs r {string.Join(" ", joins)}
            WHERE {string.Join(" AND ", where)}
            ORDER BY {string.Join(", ", order)}
            LIMIT {bag.Add(limit)} OFFSET {bag.Add(offset)}
            """;
        return (sql, bag);
    }

    private static SearchableColumn AttributeColumn(string key, string where) =>
        Attributes.TryGetValue(key, out var column)
            ? column
            : throw GyreException.InvalidParameter(
                $"Invalid attribute key '{key}' specified in {where}. Valid keys are '{string.Join("', '", Attributes.Keys)}'");

    private static string Predicate(FilterClause clause, SqlParameterBag bag)
    {
        switch (clause.Entity)
        {
            case FilterEntity.Metric:
                if (clause.Comparator is "IS NULL" or "IS NOT NULL") return Presence("latest_metrics", clause, bag);
                return $"EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_key = r.run_key AND m.key = {bag.Add(clause.Key)} AND m.is_nan = 0 AND " +
                       SqlComparisons.Build("m.value", true, clause, $"metric '{clause.Key}'", bag) + ")";
            case FilterEntity.Param:
            case FilterEntity.Tag:
                var table = clause.Entity == FilterEntity.Param ? "params" : "tags";
                if (clause.Comparator is "IS NULL" or "IS NOT NULL") return Presence(table, clause, bag);
                var what = clause.Entity == FilterEntity.Param ? $"param '{clause.Key}'" : $"tag '{clause.Key}'";
                return $"EXISTS (SELECT 1 FROM {table} x WHERE x.run_uuid = r.run_uuid AND x.key = {bag.Add(clause.Key)} AND " +
                       SqlComparisons.Build("x.value", false, clause, what, bag) + ")";
            case FilterEntity.Dataset:
                if (!DatasetKeys.Contains(clause.Key))
                    throw GyreException.InvalidParameter(
                        $"Invalid dataset key '{clause.Key}' specified. Valid keys are 'name', 'digest', 'context'");
                if (clause.Key == "context")
                {
                    return "r.run_uuid IN (SELECT i.destination_id FROM inputs i JOIN input_tags t ON t.input_uuid = i.input_uuid " +
                           "WHERE i.destination_type = 'RUN' AND t.name = 'mlflow.data.context' AND " +
                           SqlComparisons.Build("t.value", false, clause, "dataset context", bag) + ")";
                }
                return "r.run_uuid IN (SELECT i.destination_id FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id " +
                       "WHERE i.destination_type = 'RUN' AND i.source_type = 'DATASET' AND " +
                       SqlComparisons.Build("d." + clause.Key, false, clause, $"dataset {clause.Key}", bag) + ")";
            default:
                var column = AttributeColumn(clause.Key, "filter");
                if (clause.Comparator is "IS NULL" or "IS NOT NULL") return $"{column.Sql} {clause.Comparator}";
                return SqlComparisons.Build(column.Sql, column.Numeric, clause, $"attribute '{clause.Key}'", bag);
        }
    }

    private static string Presence(string table, FilterClause clause, SqlParameterBag bag)
    {
        var negate = clause.Comparator == "IS NULL" ? "NOT " : "";
        // Metric tables hold the run's integer key; params and tags its id.
        var run = table == "latest_metrics" ? "x.run_key = r.run_key" : "x.run_uuid = r.run_uuid";
        return $"{negate}EXISTS (SELECT 1 FROM {table} x WHERE {run} AND x.key = {bag.Add(clause.Key)})";
    }
}
