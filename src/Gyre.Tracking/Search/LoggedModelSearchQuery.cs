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
    private static readonly Dictionary<string, SearchableColumn> Attributes = new(StringComparer.Ordinal)
    {
        ["model_id"] = new("m.model_id", false),
        ["name"] = new("m.name", false),
        ["model_type"] = new("m.model_type", false),
        ["status"] = new("m.status", false),
        ["source_run_id"] = new("m.source_run_id", false),
        ["creation_timestamp"] = new("m.creation_timestamp_ms", true),
        ["creation_time"] = new("m.creation_timestamp_ms", true),
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
        foreach (var clause in FilterParser.Parse(filter)) where.Add(Predicate(clause, datasets, bag));

        var order = new List<string>();
        foreach (var term in orderBy ?? [])
        {
            var dir = term.Ascending ? "ASC" : "DESC";
            var (entity, key) = SplitField(term.FieldName);
            if (entity != FilterEntity.Metric && (term.DatasetName is not null || term.DatasetDigest is not null))
                throw GyreException.InvalidParameter(
                    $"dataset_name and dataset_digest may only be set when ordering by a metric, not by '{term.FieldName}'.");
            if (term.DatasetName is null && term.DatasetDigest is not null)
                throw GyreException.InvalidParameter("dataset_digest may only be set together with dataset_name in order_by.");
            string value;
            bool numeric;
            switch (entity)
            {
                case FilterEntity.Metric:
                    var scope = term.DatasetName is null
                        ? DatasetScope(datasets, bag)
                        : DatasetScope([new LoggedModelDatasetFilter(term.DatasetName, term.DatasetDigest)], bag);
                    value = $"(SELECT x.value FROM logged_model_metrics x WHERE x.model_id = m.model_id AND x.key = {bag.Add(key)} AND x.is_nan = 0{scope} " +
                            "ORDER BY x.timestamp DESC, x.step DESC LIMIT 1)";
                    numeric = true;
                    break;
                case FilterEntity.Param:
                case FilterEntity.Tag:
                    var table = entity == FilterEntity.Param ? "logged_model_params" : "logged_model_tags";
                    value = $"(SELECT x.value FROM {table} x WHERE x.model_id = m.model_id AND x.key = {bag.Add(key)})";
                    numeric = false;
                    break;
                case FilterEntity.Attribute:
                case FilterEntity.Bare:
                    var column = AttributeColumn(key, "order_by");
                    value = column.Sql;
                    numeric = column.Numeric;
                    break;
                default:
                    throw GyreException.InvalidParameter(
                        $"Invalid order_by field '{term.FieldName}'. Valid prefixes are metrics., params., tags., attributes.");
            }
            // Missing values sort last whatever the direction, as MLflow's search does.
            order.Add($"CASE WHEN {value} IS NULL THEN 1 ELSE 0 END");
            order.Add($"{value}{(numeric ? "" : textCollation)} {dir}");
        }
        order.Add("m.creation_timestamp_ms DESC");
        order.Add("m.model_id ASC");

        var sql = $"""
            SELECT m.model_id FROM logged_models m
            WHERE {string.Join(" AND ", where)}
            ORDER BY {string.Join(", ", order)}
            LIMIT {bag.Add(limit)} OFFSET {bag.Add(offset)}
            """;
        return (sql, bag);
    }

    /// <summary>Splits an order_by field name such as <c>metrics.accuracy</c> or <c>creation_timestamp</c>.</summary>
    private static (FilterEntity Entity, string Key) SplitField(string field)
    {
        if (string.IsNullOrWhiteSpace(field)) throw GyreException.InvalidParameter("order_by field_name must not be empty.");
        var dot = field.IndexOf('.');
        if (dot > 0)
        {
            var prefix = field[..dot];
            if (prefix is "metric" or "metrics" or "param" or "params" or "tag" or "tags" or "attribute" or "attributes")
            {
                var key = field[(dot + 1)..].Trim('`', '"');
                if (key.Length == 0) throw GyreException.InvalidParameter($"Invalid order_by field '{field}'.");
                return (FilterParser.ParseEntity(prefix, field), key);
            }
        }
        return (FilterEntity.Bare, field);
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
