using Gyre.Core.Errors;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.Tests.Stores;

public abstract class ExperimentStoreTests : StoreTestBase
{
    [Fact]
    public async Task Default_experiment_zero_exists_on_a_new_database()
    {
        await using var store = await OpenAsync();
        var e = await store.GetExperimentAsync("0", Ct);
        Assert.Equal("Default", e.Name);
        Assert.Equal(LifecycleStage.Active, e.LifecycleStage);
        Assert.Equal(ArtifactRoot + "/0", e.ArtifactLocation);
        Assert.Equal("0", (await store.GetExperimentByNameAsync("Default", Ct)).ExperimentId);
    }

    [Fact]
    public async Task Reopening_a_database_keeps_data_and_does_not_rerun_migrations()
    {
        var uri = await NewDatabaseUriAsync();
        string id;
        await using (var store = await OpenAsync(uri))
            id = await store.CreateExperimentAsync("kept", ct: Ct);
        await using (var again = await OpenAsync(uri))
        {
            Assert.Equal("kept", (await again.GetExperimentAsync(id, Ct)).Name);
            var all = await again.SearchExperimentsAsync(ViewType.All, ct: Ct);
            Assert.Equal(2, all.Items.Count);
        }
    }

    [Fact]
    public async Task Create_experiment_assigns_id_location_times_and_tags()
    {
        await using var store = await OpenAsync();
        var id = await store.CreateExperimentAsync("exp-a", null, [new ExperimentTag("team", "vision")], Ct);
        var e = await store.GetExperimentAsync(id, Ct);
        Assert.Equal("exp-a", e.Name);
        Assert.Equal($"{ArtifactRoot}/{id}", e.ArtifactLocation);
        Assert.NotNull(e.CreationTime);
        Assert.Equal(e.CreationTime, e.LastUpdateTime);
        Assert.Equal([new ExperimentTag("team", "vision")], e.Tags);

        var explicitId = await store.CreateExperimentAsync("exp-b", "file:///data/artifacts", null, Ct);
        Assert.Equal("file:///data/artifacts", (await store.GetExperimentAsync(explicitId, Ct)).ArtifactLocation);
        Assert.NotEqual(id, explicitId);
    }

    [Fact]
    public async Task Experiment_names_are_unique()
    {
        await using var store = await OpenAsync();
        await store.CreateExperimentAsync("dup", ct: Ct);
        var e = await ThrowsGyre(ErrorCode.RESOURCE_ALREADY_EXISTS, () => store.CreateExperimentAsync("dup", ct: Ct));
        Assert.Contains("dup", e.Message);
    }

    [Theory]
    [InlineData("")]
    public async Task Invalid_experiment_names_are_rejected(string name)
    {
        await using var store = await OpenAsync();
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.CreateExperimentAsync(name, ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.CreateExperimentAsync(new string('x', 501), ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.CreateExperimentAsync("ok", "runs:/abc/model", ct: Ct));
    }

    [Fact]
    public async Task Unknown_experiments_are_not_found()
    {
        await using var store = await OpenAsync();
        var e = await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetExperimentAsync("424242", Ct));
        Assert.Equal("No Experiment with id=424242 exists", e.Message);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetExperimentAsync("not-a-number", Ct));
        var byName = await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetExperimentByNameAsync("nope", Ct));
        Assert.Equal("Could not find experiment with name 'nope'", byName.Message);
    }

    [Fact]
    public async Task Delete_and_restore_move_the_experiment_and_its_runs()
    {
        await using var store = await OpenAsync();
        var id = await store.CreateExperimentAsync("lifecycle", ct: Ct);
        var runId = await NewRunAsync(store, id);

        await store.DeleteExperimentAsync(id, Ct);
        Assert.Equal(LifecycleStage.Deleted, (await store.GetExperimentAsync(id, Ct)).LifecycleStage);
        Assert.Equal(LifecycleStage.Deleted, (await store.GetRunAsync(runId, Ct)).Info.LifecycleStage);
        Assert.DoesNotContain((await store.SearchExperimentsAsync(ct: Ct)).Items, e => e.ExperimentId == id);
        Assert.Contains((await store.SearchExperimentsAsync(ViewType.DeletedOnly, ct: Ct)).Items, e => e.ExperimentId == id);
        var create = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.CreateRunAsync(id, ct: Ct));
        Assert.Equal($"The experiment {id} must be in the 'active' state. Current state is deleted.", create.Message);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.DeleteExperimentAsync(id, Ct));
        await ThrowsGyre(ErrorCode.INVALID_STATE, () => store.RenameExperimentAsync(id, "other", Ct));

        await store.RestoreExperimentAsync(id, Ct);
        Assert.Equal(LifecycleStage.Active, (await store.GetExperimentAsync(id, Ct)).LifecycleStage);
        Assert.Equal(LifecycleStage.Active, (await store.GetRunAsync(runId, Ct)).Info.LifecycleStage);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.RestoreExperimentAsync(id, Ct));
    }

    [Fact]
    public async Task Rename_changes_the_name_and_respects_uniqueness()
    {
        await using var store = await OpenAsync();
        var id = await store.CreateExperimentAsync("before", ct: Ct);
        await store.CreateExperimentAsync("taken", ct: Ct);
        await store.RenameExperimentAsync(id, "after", Ct);
        Assert.Equal(id, (await store.GetExperimentByNameAsync("after", Ct)).ExperimentId);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetExperimentByNameAsync("before", Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_ALREADY_EXISTS, () => store.RenameExperimentAsync(id, "taken", Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.RenameExperimentAsync("999", "x", Ct));
    }

    [Fact]
    public async Task Experiment_tags_overwrite_and_delete()
    {
        await using var store = await OpenAsync();
        var id = await store.CreateExperimentAsync("tagged", ct: Ct);
        await store.SetExperimentTagAsync(id, new ExperimentTag("k", "v1"), Ct);
        await store.SetExperimentTagAsync(id, new ExperimentTag("k", "v2"), Ct);
        await store.SetExperimentTagAsync(id, new ExperimentTag("other", "o"), Ct);
        Assert.Equal([new ExperimentTag("k", "v2"), new ExperimentTag("other", "o")], (await store.GetExperimentAsync(id, Ct)).Tags);
        await store.DeleteExperimentTagAsync(id, "k", Ct);
        Assert.Equal([new ExperimentTag("other", "o")], (await store.GetExperimentAsync(id, Ct)).Tags);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.DeleteExperimentTagAsync(id, "k", Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SetExperimentTagAsync(id, new ExperimentTag("bad\u0001key", "v"), Ct));
    }

    [Fact]
    public async Task Search_experiments_filters_orders_and_pages()
    {
        await using var store = await OpenAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await store.CreateExperimentAsync($"proj-{i}", null, i % 2 == 0 ? [new ExperimentTag("kind", "even")] : null, Ct));
        }
        var like = await store.SearchExperimentsAsync(filter: "name LIKE 'proj-%'", orderBy: ["name DESC"], ct: Ct);
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"proj-{i}"), like.Items.Select(e => e.Name));

        var even = await store.SearchExperimentsAsync(filter: "tags.kind = 'even'", orderBy: ["name"], ct: Ct);
        Assert.Equal(["proj-0", "proj-2", "proj-4", "proj-6"], even.Items.Select(e => e.Name));

        var ilike = await store.SearchExperimentsAsync(filter: "attribute.name ILIKE 'PROJ-1'", ct: Ct);
        Assert.Equal(["proj-1"], ilike.Items.Select(e => e.Name));
        Assert.Empty((await store.SearchExperimentsAsync(filter: "name LIKE 'PROJ-%'", ct: Ct)).Items);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.SearchExperimentsAsync(maxResults: 3, filter: "name LIKE 'proj-%'", orderBy: ["experiment_id ASC"], pageToken: token, ct: Ct);
            seen.AddRange(page.Items.Select(e => e.ExperimentId));
            token = page.NextPageToken;
            pages++;
        } while (token is not null);
        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);

        var created = await store.SearchExperimentsAsync(filter: "creation_time >= 0 AND name != 'proj-0'", ct: Ct);
        Assert.Equal(7, created.Items.Count); // proj-1..6 and Default

        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchExperimentsAsync(maxResults: 50001, ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchExperimentsAsync(filter: "bogus = 'x'", ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchExperimentsAsync(pageToken: "%%%", ct: Ct));
    }
}
