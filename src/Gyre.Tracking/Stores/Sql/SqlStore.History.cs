using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Paging;

namespace Gyre.Tracking.Stores;

public sealed partial class SqlStore
{
    public async Task<PagedResult<Metric>> GetMetricHistoryAsync(string runId, string metricKey, int? maxResults = null, string? pageToken = null, CancellationToken ct = default)
    {
        if (maxResults is < 1)
            throw GyreException.InvalidParameter($"max_results must be a positive integer, got {maxResults}.");
        var (offset, cursor) = MetricHistoryCursor.Parse(pageToken);
        await RunMetricsCurrentAsync([runId], ct);
        return await _db.ReadAsync(async s =>
        {
            await RunRowAsync(s, runId);
            var limit = maxResults ?? int.MaxValue;
            string sql;
            object param;
            const string select = "SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_key = (SELECT run_key FROM runs WHERE run_uuid = @runId) AND key = @metricKey";
            const string order = " ORDER BY timestamp, step, value, is_nan";
            var take = maxResults is null ? "" : " LIMIT @take";
            if (cursor is not null)
            {
                sql = select + " AND (timestamp, step, value, is_nan) > (@Timestamp, @Step, @Value, @IsNan)" + order + take;
                param = new { runId, metricKey, cursor.Timestamp, cursor.Step, cursor.Value, cursor.IsNan, take = (long)limit + 1 };
            }
            else
            {
                sql = select + order + (maxResults is null ? (offset > 0 ? " LIMIT -1 OFFSET @offset" : "") : take + " OFFSET @offset");
                if (maxResults is null && offset > 0 && s.Dialect.Name == "postgresql") sql = select + order + " OFFSET @offset";
                param = new { runId, metricKey, offset, take = (long)limit + 1 };
            }
            var rows = (await s.QueryAsync<Stores.MetricRow>(sql, param)).ToList();
            string? next = null;
            if (maxResults is not null && rows.Count > limit)
            {
                rows.RemoveAt(rows.Count - 1);
                var last = rows[^1];
                next = new MetricHistoryCursor(offset + limit, last.Timestamp, last.Step, last.Value, (int)last.IsNan).Encode();
            }
            return new PagedResult<Metric>(rows.Select(ToMetric).ToList(), next);
        }, ct);
    }

    public async Task<IReadOnlyList<MetricWithRunId>> GetMetricHistoryBulkIntervalAsync(IReadOnlyList<string> runIds, string metricKey,
        long? startStep = null, long? endStep = null, int? maxResults = null, CancellationToken ct = default)
    {
        if (runIds is null || runIds.Count == 0)
            throw GyreException.InvalidParameter("GetMetricHistoryBulkInterval request must specify at least one run_id.");
        if (runIds.Count > ResultLimits.MetricHistoryBulkIntervalMaxRuns)
            throw GyreException.InvalidParameter(
                $"GetMetricHistoryBulkInterval request must specify at most {ResultLimits.MetricHistoryBulkIntervalMaxRuns} run_ids. Received {runIds.Count} run_ids.");
        if (string.IsNullOrEmpty(metricKey))
            throw GyreException.InvalidParameter("GetMetricHistoryBulkInterval request must specify a metric_key.");
        var max = maxResults ?? ResultLimits.MetricHistoryBulkIntervalMax;
        if (max < 1 || max > ResultLimits.MetricHistoryBulkIntervalMax)
            throw GyreException.InvalidParameter($"max_results must be between 1 and {ResultLimits.MetricHistoryBulkIntervalMax}.");
        if (startStep is not null && endStep is not null && startStep > endStep)
            throw GyreException.InvalidParameter(
                $"end_step must be greater than start_step. Found start_step={startStep} and end_step={endStep}.");
        if ((startStep is null) != (endStep is null))
            throw GyreException.InvalidParameter("If either start step or end step are specified, both must be specified.");

        await RunMetricsCurrentAsync(runIds, ct);
        return await _db.ReadAsync<IReadOnlyList<MetricWithRunId>>(async s =>
        {
            var stepsPerRun = new List<List<long>>();
            foreach (var runId in runIds)
            {
                stepsPerRun.Add((await s.QueryAsync<long>(
                    "SELECT DISTINCT step FROM metrics WHERE run_key = (SELECT run_key FROM runs WHERE run_uuid = @runId) AND key = @metricKey ORDER BY step",
                    new { runId, metricKey })).ToList());
            }
            var sampled = MetricSampling.SampleSteps(stepsPerRun, startStep, endStep, max);
            var result = new List<MetricWithRunId>();
            foreach (var runId in runIds)
            {
                foreach (var chunk in Chunks(sampled))
                {
                    var rows = await s.QueryAsync<Stores.MetricRow>(
                        "SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_key = (SELECT run_key FROM runs WHERE run_uuid = @runId) AND key = @metricKey AND step IN @chunk ORDER BY step, timestamp, value",
                        new { runId, metricKey, chunk });
                    result.AddRange(rows.Select(m => new MetricWithRunId(runId, m.Key, m.IsNan != 0 ? double.NaN : m.Value, m.Timestamp, m.Step)));
                }
            }
            return result;
        }, ct);
    }
}
