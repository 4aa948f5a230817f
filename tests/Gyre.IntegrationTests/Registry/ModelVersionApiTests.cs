using System.Net;
using System.Text.Json;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Registry;

public sealed class ModelVersionApiTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    private readonly MlflowHttp _api = server.Api;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonElement> CreateVersionAsync(string name, string source, string? runId = null)
    {
        var runField = runId is null ? "" : $$""", "run_id": "{{runId}}" """;
        return (await _api.OkAsync(_api.PostAsync("model-versions/create", $$"""{"name": "{{name}}", "source": "{{source}}"{{runField}}}""")))
            .GetProperty("model_version");
    }

    [Fact]
    public async Task Versions_are_numbered_and_carry_their_run()
    {
        var name = Unique("mv");
        await _api.OkAsync(_api.PostAsync("registered-models/create", $$"""{"name": "{{name}}"}"""));
        var experimentId = await _api.CreateExperimentAsync(Unique("mv-exp"));
        var runId = await _api.CreateRunAsync(experimentId);
        var source = $"mlflow-artifacts:/{experimentId}/{runId}/artifacts/model";

        var first = await CreateVersionAsync(name, source, runId);
        Assert.Equal("1", first.GetProperty("version").GetString());
        Assert.Equal("None", first.GetProperty("current_stage").GetString());
        Assert.Equal("READY", first.GetProperty("status").GetString());
        Assert.Equal(runId, first.GetProperty("run_id").GetString());
        Assert.Equal(source, first.GetProperty("source").GetString());
        var second = await CreateVersionAsync(name, source, runId);
        Assert.Equal("2", second.GetProperty("version").GetString());

        var fetched = (await _api.OkAsync(_api.GetAsync($"model-versions/get?name={name}&version=2"))).GetProperty("model_version");
        Assert.Equal("2", fetched.GetProperty("version").GetString());
        var uri = await _api.OkAsync(_api.GetAsync($"model-versions/get-download-uri?name={name}&version=1"));
        Assert.Equal(source, uri.GetProperty("artifact_uri").GetString());

        (await _api.GetAsync($"model-versions/get?name={name}&version=99")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.PostAsync("model-versions/create", $$"""{"name": "{{name}}"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("model-versions/create", $$"""{"name": "{{Unique("nomodel")}}", "source": "s3://b/m"}""")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("mlflow-artifacts:/0/abc/artifacts/../../../secret")]
    [InlineData("s3://bucket/models/..%2F..%2Fother")]
    [InlineData("/etc/passwd")]
    [InlineData("file:///etc/passwd")]
    public async Task Sources_that_escape_their_location_are_rejected(string source)
    {
        var name = Unique("unsafe");
        await _api.OkAsync(_api.PostAsync("registered-models/create", $$"""{"name": "{{name}}"}"""));
        var reply = (await _api.PostAsync("model-versions/create", JsonSerializer.Serialize(new Dictionary<string, string> { ["name"] = name, ["source"] = source })))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("Invalid model version source", reply.Message);
    }

    [Fact]
    public async Task Transition_stages_and_latest_versions()
    {
        var name = Unique("stages");
        await _api.OkAsync(_api.PostAsync("registered-models/create", $$"""{"name": "{{name}}"}"""));
        for (var i = 0; i < 3; i++) await CreateVersionAsync(name, "s3://bucket/m");

        var staged = (await _api.OkAsync(_api.PostAsync("model-versions/transition-stage",
            $$"""{"name": "{{name}}", "version": "1", "stage": "Production", "archive_existing_versions": false}"""))).GetProperty("model_version");
        Assert.Equal("Production", staged.GetProperty("current_stage").GetString());
        await _api.OkAsync(_api.PostAsync("model-versions/transition-stage",
            $$"""{"name": "{{name}}", "version": "2", "stage": "production", "archive_existing_versions": true}"""));
        var v1 = (await _api.OkAsync(_api.GetAsync($"model-versions/get?name={name}&version=1"))).GetProperty("model_version");
        Assert.Equal("Archived", v1.GetProperty("current_stage").GetString());

        var latest = await _api.OkAsync(_api.PostAsync("registered-models/get-latest-versions", $$"""{"name": "{{name}}", "stages": ["Production"]}"""));
        Assert.Equal("2", Assert.Single(latest.GetProperty("model_versions").EnumerateArray()).GetProperty("version").GetString());
        var allStages = await _api.OkAsync(_api.GetAsync($"registered-models/get-latest-versions?name={name}"));
        Assert.Equal(["2", "3", "1"], allStages.GetProperty("model_versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()).OrderBy(v => v == "2" ? 0 : v == "3" ? 1 : 2));

        (await _api.PostAsync("model-versions/transition-stage", $$"""{"name": "{{name}}", "version": "1", "stage": "Heaven"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Update_tag_search_and_delete_versions()
    {
        var name = Unique("ops");
        await _api.OkAsync(_api.PostAsync("registered-models/create", $$"""{"name": "{{name}}"}"""));
        await CreateVersionAsync(name, "s3://bucket/a");
        await CreateVersionAsync(name, "s3://bucket/b");

        var updated = (await _api.OkAsync(_api.PatchAsync("model-versions/update", $$"""{"name": "{{name}}", "version": "1", "description": "baseline"}"""))).GetProperty("model_version");
        Assert.Equal("baseline", updated.GetProperty("description").GetString());

        await _api.OkAsync(_api.PostAsync("model-versions/set-tag", $$"""{"name": "{{name}}", "version": "1", "key": "validated", "value": "yes"}"""));
        var tagged = (await _api.OkAsync(_api.GetAsync($"model-versions/get?name={name}&version=1"))).GetProperty("model_version");
        Assert.Equal("yes", Assert.Single(tagged.GetProperty("tags").EnumerateArray()).GetProperty("value").GetString());
        await _api.OkAsync(_api.DeleteAsync("model-versions/delete-tag", $$"""{"name": "{{name}}", "version": "1", "key": "validated"}"""));

        var found = await _api.OkAsync(_api.GetAsync($"model-versions/search?filter={Uri.EscapeDataString($"name = '{name}'")}&max_results=1"));
        Assert.Single(found.GetProperty("model_versions").EnumerateArray());
        var token = found.GetProperty("next_page_token").GetString()!;
        var rest = await _api.OkAsync(_api.GetAsync($"model-versions/search?filter={Uri.EscapeDataString($"name = '{name}'")}&max_results=1&page_token={Uri.EscapeDataString(token)}"));
        Assert.Single(rest.GetProperty("model_versions").EnumerateArray());

        await _api.OkAsync(_api.DeleteAsync("model-versions/delete", $$"""{"name": "{{name}}", "version": "2"}"""));
        (await _api.GetAsync($"model-versions/get?name={name}&version=2")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.DeleteAsync("model-versions/delete", $$"""{"name": "{{name}}"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }
}
