using Gyre.Core.Errors;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.Search;

/// <summary>
/// Translates a logged-model search (experiments, filter, datasets, order_by, page) into one parameterized
/// SQL query returning the model ids of the page in order. Only whitelisted column names reach the SQL
/// text; keys and values are bound. Metric filters and metric ordering look only at metrics on the given
/// datasets when any are given; ordering uses each model's newest value of the metric.
/// </summary>
internal static class LoggedModelSearchQuery
{
    // The columns of MLflow's logged_models table and its aliases (SqlLoggedModel.ALIASES); only the
    // timestamps are numeric. Status compares with the entity's names: 'PENDING', 'READY', 'FAILED'.
    private static readonly Dictionary<string, SearchableColumn> Attributes = new(StringComparer.Ordinal)
    {
        ["model_id"] = new("m.model_id", false),
        ["name"] = new("m.name", false),
        ["artifact_location"] = new("m.artifact_location", false),
        ["model_type"] = new("m.model_type", false),
        ["status"] = new("m.status", false),
        ["status_message"] = new("m.status_message", false),
        ["lifecycle_stage"] = new("m.lifecycle_stage", false),
        ["source_run_id"] = new("m.source_run_id", false),
        ["creation_timestamp_ms"] = new("m.creation_timestamp_ms", true),
        ["creation_timestamp"] = new("m.creation_timestamp_ms", true),
        ["creation_time"] = new("m.creation_timestamp_ms", true),
        ["last_updated_timestamp_ms"] = new("m.last_updated_timestamp_ms", true),
        ["last_updated_timestamp"] = new("m.last_updated_timestamp_ms", true),
    };

    public static (string Sql, SqlParameterBag Parameters) Build(
        IReadOnlyList<long> experimentIds, string? filter, IReadOnlyList<LoggedModelDatasetFilter>? datasets,
        IReadOnlyList<LoggedModelOrderBy>? orderBy, int limit, long offset, string textCollation)
    {
        var bag = new SqlParameterBag();
        var where = new List<string>
        {
            $"m.experiment_id IN {bag.AddList(experimentIds.Cast<object>())}",
            "m.lifecycle_stage = 'active'",
        };
        var clauses = FilterParser.Parse(filter);
        foreach (var clause in clauses) where.Add(Predicate(clause, datasets, bag));

        // As MLflow: with datasets but no metric filter, only models with metrics on those datasets match.
        if (datasets is { Count: > 0 } && !clauses.Any(c => c.Entity == FilterEntity.Metric))
            where.Add($"EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = m.model_id{DatasetScope(datasets, bag)})");

        var order = new List<string>();
        var ordersByCreation = false;
        foreach (var term in orderBy ?? [])
        {
            var dir = term.Ascending ? "ASC" : "DESC";
            if (string.IsNullOrEmpty(term.FieldName)) throw GyreException.InvalidParameter("Invalid order by field name: ");
            string value;
            bool numeric;
            var dot = term.FieldName.IndexOf('.');
            if (dot < 0)
            {
                var column = Attributes.TryGetValue(term.FieldName, out var c)
                    ? c
                    : throw GyreException.InvalidParameter($"Invalid order by field name: {term.FieldName}");
                if (column.Sql == "m.creation_timestamp_ms") ordersByCreation = true;
                value = column.Sql;
                numeric = column.Numeric;
            }
            else
            {
                if (term.FieldName[..dot] != "metrics")
                    throw GyreException.InvalidParameter($"Invalid order by field name: {term.FieldName}. Only metrics are supported.");
                var key = term.FieldName[(dot + 1)..];
                // The model's newest value of the metric (by timestamp, then step), on the term's dataset when given.
                var scope = (term.DatasetName is null ? "" : $" AND x.dataset_name = {bag.Add(term.DatasetName)}") +
                            (term.DatasetDigest is null ? "" : $" AND x.dataset_digest = {bag.Add(term.DatasetDigest)}");
                value = $"(SELECT CASE WHEN x.is_nan = 1 THEN NULL ELSE x.value END FROM logged_model_metrics x WHERE x.model_id = m.model_id AND x.key = {bag.Add(key)}{scope} " +
                        "ORDER BY x.timestamp DESC, x.step DESC LIMIT 1)";
                numeric = true;
            }
            // Missing values sort last whatever the direction, as MLflow's search does.
            order.Add($"CASE WHEN {value} IS NULL THEN 1 ELSE 0 END");
            order.Add($"{value}{(numeric ? "" : textCollation)} {dir}");
        }
        if (!ordersByCreation) order.Add("m.creation_timestamp_ms DESC");
        order.Add("m.model_id ASC");

        var sql = $"""
            SELECT m.model_id FROM logged_models m
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

    /// <summary>" AND (dataset matches any of them)" over alias x, or nothing without datasets.</summary>
    private static string DatasetScope(IReadOnlyList<LoggedModelDatasetFilter>? datasets, SqlParameterBag bag)
    {
        if (datasets is null || datasets.Count == 0) return "";
        var any = datasets.Select(d => d.DatasetDigest is null
            ? $"x.dataset_name = {bag.Add(d.DatasetName)}"
            : $"(x.dataset_name = {bag.Add(d.DatasetName)} AND x.dataset_digest = {bag.Add(d.DatasetDigest)})");
        return $" AND ({string.Join(" OR ", any)})";
    }

    private static string Predicate(FilterClause clause, IReadOnlyList<LoggedModelDatasetFilter>? datasets, SqlParameterBag bag)
    {
        switch (clause.Entity)
        {
            case FilterEntity.Metric:
                if (clause.Comparator is "IS NULL" or "IS NOT NULL")
                    return Presence("logged_model_metrics", clause, bag, DatasetScope(datasets, bag));
                return $"EXISTS (SELECT 1 FROM logged_model_metrics x WHERE x.model_id = m.model_id AND x.key = {bag.Add(clause.Key)} AND x.is_nan = 0" +
                       $"{DatasetScope(datasets, bag)} AND " + SqlComparisons.Build("x.value", true, clause, $"metric '{clause.Key}'", bag) + ")";
            case FilterEntity.Param:
            case FilterEntity.Tag:
                var table = clause.Entity == FilterEntity.Param ? "logged_model_params" : "logged_model_tags";
                if (clause.Comparator is "IS NULL" or "IS NOT NULL") return Presence(table, clause, bag, "");
                var what = clause.Entity == FilterEntity.Param ? $"param '{clause.Key}'" : $"tag '{clause.Key}'";
                return $"EXISTS (SELECT 1 FROM {table} x WHERE x.model_id = m.model_id AND x.key = {bag.Add(clause.Key)} AND " +
                       SqlComparisons.Build("x.value", false, clause, what, bag) + ")";
            case FilterEntity.Dataset:
                throw GyreException.InvalidParameter(
                    $"Invalid entity 'datasets.{clause.Key}' in the filter of a logged-model search; restrict metrics to datasets with the 'datasets' field.");
            default:
                var column = AttributeColumn(clause.Key, "filter");
                if (clause.Comparator is "IS NULL" or "IS NOT NULL") return $"{column.Sql} {clause.Comparator}";
                return SqlComparisons.Build(column.Sql, column.Numeric, clause, $"attribute '{clause.Key}'", bag);
        }
    }

    private static string Presence(string table, FilterClause clause, SqlParameterBag bag, string scope)
    {
        var negate = clause.Comparator == "IS NULL" ? "NOT " : "";
        return $"{negate}EXISTS (SELECT 1 FROM {table} x WHERE x.model_id = m.model_id AND x.key = {bag.Add(clause.Key)}{scope})";
    }
}
