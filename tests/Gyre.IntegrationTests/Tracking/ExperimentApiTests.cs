using System.Net;
using System.Text.Json;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Tracking;

public sealed class ExperimentApiTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    private readonly MlflowHttp _api = server.Api;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Create_then_get_returns_the_experiment_with_a_proxied_artifact_location()
    {
        var name = Unique("exp");
        var id = await _api.CreateExperimentAsync(name);

        var experiment = (await _api.OkAsync(_api.GetAsync($"experiments/get?experiment_id={id}"))).GetProperty("experiment");
        Assert.Equal(id, experiment.GetProperty("experiment_id").GetString());
        Assert.Equal(name, experiment.GetProperty("name").GetString());
        Assert.Equal("active", experiment.GetProperty("lifecycle_stage").GetString());
        Assert.Equal($"mlflow-artifacts:/{id}", experiment.GetProperty("artifact_location").GetString());
        // int64 timestamps travel as JSON numbers, as MLflow's message_to_json writes them.
        Assert.Equal(JsonValueKind.Number, experiment.GetProperty("creation_time").ValueKind);
        Assert.False(experiment.TryGetProperty("tags", out _), "an experiment without tags omits the field");
    }

    [Fact]
    public async Task Create_with_tags_and_get_by_name()
    {
        var name = Unique("tagged");
        await _api.OkAsync(_api.PostAsync("experiments/create",
            $$"""{"name": "{{name}}", "tags": [{"key": "team", "value": "vision"}]}"""));

        var experiment = (await _api.OkAsync(_api.GetAsync($"experiments/get-by-name?experiment_name={name}"))).GetProperty("experiment");
        var tag = Assert.Single(experiment.GetProperty("tags").EnumerateArray());
        Assert.Equal("team", tag.GetProperty("key").GetString());
        Assert.Equal("vision", tag.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Creating_a_duplicate_name_is_RESOURCE_ALREADY_EXISTS()
    {
        var name = Unique("dup");
        await _api.CreateExperimentAsync(name);
        (await _api.PostAsync("experiments/create", $$"""{"name": "{{name}}"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
    }

    [Fact]
    public async Task Create_without_a_name_names_the_missing_parameter()
    {
        var reply = (await _api.PostAsync("experiments/create", "{}")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("Missing value for required parameter 'name'", reply.Message);
    }

    [Fact]
    public async Task Unknown_experiments_are_RESOURCE_DOES_NOT_EXIST()
    {
        (await _api.GetAsync("experiments/get?experiment_id=987654")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.GetAsync($"experiments/get-by-name?experiment_name={Unique("nobody")}")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.GetAsync("experiments/get")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Rename_delete_and_restore()
    {
        var id = await _api.CreateExperimentAsync(Unique("life"));
        var newName = Unique("renamed");
        await _api.OkAsync(_api.PostAsync("experiments/update", $$"""{"experiment_id": "{{id}}", "new_name": "{{newName}}"}"""));
        var renamed = (await _api.OkAsync(_api.GetAsync($"experiments/get?experiment_id={id}"))).GetProperty("experiment");
        Assert.Equal(newName, renamed.GetProperty("name").GetString());

        var deleted = await _api.OkAsync(_api.PostAsync("experiments/delete", $$"""{"experiment_id": "{{id}}"}"""));
        Assert.Equal(JsonValueKind.Object, deleted.ValueKind);
        Assert.Empty(deleted.EnumerateObject());
        var afterDelete = (await _api.OkAsync(_api.GetAsync($"experiments/get?experiment_id={id}"))).GetProperty("experiment");
        Assert.Equal("deleted", afterDelete.GetProperty("lifecycle_stage").GetString());

        await _api.OkAsync(_api.PostAsync("experiments/restore", $$"""{"experiment_id": "{{id}}"}"""));
        var restored = (await _api.OkAsync(_api.GetAsync($"experiments/get?experiment_id={id}"))).GetProperty("experiment");
        Assert.Equal("active", restored.GetProperty("lifecycle_stage").GetString());

        (await _api.PostAsync("experiments/update", $$"""{"experiment_id": "{{id}}"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("experiments/delete", """{"experiment_id": "424242"}"""))
            .ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Set_and_delete_experiment_tags()
    {
        var id = await _api.CreateExperimentAsync(Unique("tags"));
        await _api.OkAsync(_api.PostAsync("experiments/set-experiment-tag", $$"""{"experiment_id": "{{id}}", "key": "owner", "value": "ana"}"""));
        var tagged = (await _api.OkAsync(_api.GetAsync($"experiments/get?experiment_id={id}"))).GetProperty("experiment");
        Assert.Contains(tagged.GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "owner" && t.GetProperty("value").GetString() == "ana");

        await _api.OkAsync(_api.PostAsync("experiments/delete-experiment-tag", $$"""{"experiment_id": "{{id}}", "key": "owner"}"""));
        var untagged = (await _api.OkAsync(_api.GetAsync($"experiments/get?experiment_id={id}"))).GetProperty("experiment");
        Assert.False(untagged.TryGetProperty("tags", out var tags) && tags.EnumerateArray().Any(t => t.GetProperty("key").GetString() == "owner"));

        (await _api.PostAsync("experiments/set-experiment-tag", $$"""{"experiment_id": "{{id}}", "value": "x"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Search_pages_through_matching_experiments_by_POST_and_GET()
    {
        var prefix = Unique("page");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await _api.CreateExperimentAsync($"{prefix}-{i}"));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var tokenField = token is null ? "" : $$""", "page_token": "{{token}}" """;
            var page = await _api.OkAsync(_api.PostAsync("experiments/search",
                $$"""{"max_results": 2, "filter": "name LIKE '{{prefix}}%'", "order_by": ["name ASC"]{{tokenField}}}"""));
            seen.AddRange(page.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
            pages++;
        } while (token is not null && pages < 10);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), seen);
        Assert.Equal(3, pages);

        var viaGet = await _api.OkAsync(_api.GetAsync(
            $"experiments/search?max_results=10&filter={Uri.EscapeDataString($"name LIKE '{prefix}%'")}&order_by=name+DESC&view_type=ACTIVE_ONLY"));
        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => $"{prefix}-{i}"),
            viaGet.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Search_separates_active_and_deleted_experiments()
    {
        var prefix = Unique("view");
        var kept = await _api.CreateExperimentAsync($"{prefix}-kept");
        var gone = await _api.CreateExperimentAsync($"{prefix}-gone");
        await _api.OkAsync(_api.PostAsync("experiments/delete", $$"""{"experiment_id": "{{gone}}"}"""));
        var filter = $"name LIKE '{prefix}%'";

        async Task<List<string>> Ids(string viewType)
        {
            var body = await _api.OkAsync(_api.PostAsync("experiments/search", JsonSerializer.Serialize(new Dictionary<string, object> { ["filter"] = filter, ["view_type"] = viewType })));
            return body.TryGetProperty("experiments", out var e) ? e.EnumerateArray().Select(x => x.GetProperty("experiment_id").GetString()!).ToList() : [];
        }

        Assert.Equal([kept], await Ids("ACTIVE_ONLY"));
        Assert.Equal([gone], await Ids("DELETED_ONLY"));
        Assert.Equal(2, (await Ids("ALL")).Count);
    }

    [Fact]
    public async Task Search_rejects_a_bad_view_type_and_a_bad_filter()
    {
        (await _api.PostAsync("experiments/search", """{"view_type": "SOMETIMES"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("experiments/search", """{"filter": "name = = 'x'"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }
}
