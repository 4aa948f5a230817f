using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Stores;

namespace Gyre.Tracking.Tests.Stores;

public abstract class SearchRunsStoreTests : RunStoreTests
{
    /// <summary>Four runs with varied data; returns the store and experiment id.</summary>
    private async Task<(SqlStore Store, string ExperimentId)> SeedAsync()
    {
        var store = await OpenAsync();
        var exp = await store.CreateExperimentAsync("search", ct: Ct);
        async Task Add(string name, long start, double? acc, string model, string? tagValue, RunStatus status)
        {
            var id = (await store.CreateRunAsync(exp, "u", start, null, name, Ct)).Info.RunId;
            var metrics = acc is null ? new List<Metric>() : [new Metric("acc", acc.Value, 1, 0)];
            var tags = tagValue is null ? new List<RunTag>() : [new RunTag("my tag", tagValue), new RunTag("a.b", tagValue)];
            await store.LogBatchAsync(id, metrics, [new Param("model", model), new Param("lr", "0.01")], tags, Ct);
            if (status != RunStatus.Running) await store.UpdateRunInfoAsync(id, status, start + 10, ct: Ct);
        }
        await Add("alpha", 100, 0.9, "cnn", "x", RunStatus.Finished);
        await Add("beta", 200, 0.4, "rnn", "y", RunStatus.Failed);
        await Add("gamma", 300, double.NaN, "CNN", null, RunStatus.Finished);
        await Add("delta", 400, null, "mlp", "x", RunStatus.Running);
        return (store, exp);
    }

    public static TheoryData<string, string[]> Filters => new()
    {
        { "metrics.acc > 0.5", ["alpha"] },
        { "metrics.acc >= 0.4", ["alpha", "beta"] },
        { "metric.acc < 0.5", ["beta"] },
        { "metrics.acc != 0.9", ["beta"] },
        { "metrics.acc = 0.9", ["alpha"] },
        { "params.model = 'cnn'", ["alpha"] },
        { "params.model != 'cnn'", ["beta", "gamma", "delta"] },
        { "params.model LIKE 'c%'", ["alpha"] },
        { "params.model ILIKE 'c%'", ["alpha", "gamma"] },
        { "params.model IN ('rnn', 'mlp')", ["beta", "delta"] },
        { "params.model NOT IN ('rnn', 'mlp')", ["alpha", "gamma"] },
        { "param.lr = \"0.01\"", ["alpha", "beta", "gamma", "delta"] },
        { "tags.\"my tag\" = 'x'", ["alpha", "delta"] },
        { "tags.`my tag` = 'y'", ["beta"] },
        { "tags.`a.b` = 'x' AND params.model = 'mlp'", ["delta"] },
        { "tags.`my tag` IS NULL", ["gamma"] },
        { "tags.`my tag` IS NOT NULL", ["alpha", "beta", "delta"] },
        { "attributes.status = 'FINISHED'", ["alpha", "gamma"] },
        { "attribute.status != 'FINISHED'", ["beta", "delta"] },
        { "attributes.run_name = 'beta'", ["beta"] },
        { "run_name LIKE '%a'", ["alpha", "beta", "gamma", "delta"] },
        { "attributes.run_name ILIKE 'AL%'", ["alpha"] },
        { "attributes.start_time > 150", ["beta", "gamma", "delta"] },
        { "attributes.start_time >= 200 AND attributes.start_time < 400", ["beta", "gamma"] },
        { "attributes.end_time <= 210", ["alpha", "beta"] },
        { "attributes.status IN ('FAILED', 'RUNNING')", ["beta", "delta"] },
        { "attributes.lifecycle_stage = 'active'", ["alpha", "beta", "gamma", "delta"] },
        { "metrics.acc > 0.1 and params.model = 'rnn' AND tags.`my tag` = 'y'", ["beta"] },
        { "params.model = 'x'' OR 1=1 --'", [] },
        { "params.model = 'cnn; DROP TABLE runs'", [] },
        { "", ["alpha", "beta", "gamma", "delta"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Search_runs_filter_grammar(string filter, string[] expected)
    {
        var (store, exp) = await SeedAsync();
        await using var _ = store;
        var result = await store.SearchRunsAsync([exp], filter, ct: Ct);
        Assert.Equal(expected.Order(), result.Items.Select(r => r.Info.RunName).Order());
        // The filter never changed the database.
        Assert.Equal(4, (await store.SearchRunsAsync([exp], ct: Ct)).Items.Count);
    }

    [Fact]
    public async Task Run_id_filters_match_exact_ids()
    {
        var (store, exp) = await SeedAsync();
        await using var _ = store;
        var all = (await store.SearchRunsAsync([exp], ct: Ct)).Items;
        var id = all[0].Info.RunId;
        Assert.Equal([id], (await store.SearchRunsAsync([exp], $"attributes.run_id = '{id}'", ct: Ct)).Items.Select(r => r.Info.RunId));
        var two = (await store.SearchRunsAsync([exp], $"attributes.run_id IN ('{all[1].Info.RunId}', '{all[2].Info.RunId}')", ct: Ct)).Items;
        Assert.Equal(2, two.Count);
    }

    public static TheoryData<string> BadFilters => new()
    {
        "metrics.acc > 'high'",
        "params.model = 5",
        "params.model > 'a'",
        "attributes.nonexistent = 'x'",
        "unknown.key = 'x'",
        "metrics.acc >",
        "metrics.acc = 1 OR metrics.acc = 2",
        "params.model = 'unterminated",
        "params.model = x; DROP TABLE runs",
        "params.model IN 'a'",
        "datasets.size = 'x'",
        "metrics.acc LIKE '1%'",
        "attributes.start_time = 'yesterday'",
        "params.model = 'a' AND",
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task Invalid_filters_are_rejected_with_invalid_parameter_value(string filter)
    {
        await using var store = await OpenAsync();
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchRunsAsync(["0"], filter, ct: Ct));
        Assert.Equal("Default", (await store.GetExperimentAsync("0", Ct)).Name);
    }

    [Fact]
    public async Task Order_by_metric_puts_nan_then_missing_last_in_both_directions()
    {
        var (store, exp) = await SeedAsync();
        await using var _ = store;
        var desc = await store.SearchRunsAsync([exp], orderBy: ["metrics.acc DESC"], ct: Ct);
        Assert.Equal(["alpha", "beta", "gamma", "delta"], desc.Items.Select(r => r.Info.RunName));
        var asc = await store.SearchRunsAsync([exp], orderBy: ["metrics.acc ASC"], ct: Ct);
        Assert.Equal(["beta", "alpha", "gamma", "delta"], asc.Items.Select(r => r.Info.RunName));
    }

    [Fact]
    public async Task Order_by_supports_several_keys_and_defaults_to_newest_first()
    {
        var (store, exp) = await SeedAsync();
        await using var _ = store;
        var byDefault = await store.SearchRunsAsync([exp], ct: Ct);
        Assert.Equal(["delta", "gamma", "beta", "alpha"], byDefault.Items.Select(r => r.Info.RunName));
        var multi = await store.SearchRunsAsync([exp], orderBy: ["tags.`my tag` DESC", "attributes.start_time ASC"], ct: Ct);
        Assert.Equal(["beta", "alpha", "delta", "gamma"], multi.Items.Select(r => r.Info.RunName));
        var byParam = await store.SearchRunsAsync([exp], orderBy: ["params.model"], ct: Ct);
        Assert.Equal(["CNN", "cnn", "mlp", "rnn"], byParam.Items.Select(r => r.Data.Params.Single(p => p.Key == "model").Value));
        var byName = await store.SearchRunsAsync([exp], orderBy: ["run_name DESC"], ct: Ct);
        Assert.Equal(["gamma", "delta", "beta", "alpha"], byName.Items.Select(r => r.Info.RunName));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchRunsAsync([exp], orderBy: ["attributes.bogus"], ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchRunsAsync([exp], orderBy: ["metrics.acc SIDEWAYS"], ct: Ct));
    }

    [Fact]
    public async Task Search_runs_pages_across_experiments_and_loads_full_runs()
    {
        await using var store = await OpenAsync();
        var e1 = await store.CreateExperimentAsync("p1", ct: Ct);
        var e2 = await store.CreateExperimentAsync("p2", ct: Ct);
        var expected = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var id = await NewRunAsync(store, i % 2 == 0 ? e1 : e2, $"run-{i:D2}", 10_000 - i);
            await store.LogBatchAsync(id, [new Metric("i", i, 1, 0)], [new Param("i", i.ToString())], [new RunTag("t", "v")], Ct);
            expected.Add(id);
        }
        var seen = new List<Run>();
        string? token = null;
        do
        {
            var page = await store.SearchRunsAsync([e1, e2], maxResults: 10, pageToken: token, ct: Ct);
            seen.AddRange(page.Items);
            token = page.NextPageToken;
        } while (token is not null);
        Assert.Equal(expected, seen.Select(r => r.Info.RunId));
        Assert.All(seen, r =>
        {
            Assert.Single(r.Data.Metrics);
            Assert.Single(r.Data.Params);
            Assert.Equal(2, r.Data.Tags.Count);
        });
        Assert.Empty((await store.SearchRunsAsync(["12345"], ct: Ct)).Items);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchRunsAsync([e1], maxResults: 50001, ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchRunsAsync([e1], pageToken: "eyJub3QiOiAxfQ==", ct: Ct));
    }
}
