using System.Net;
using System.Text.Json;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Registry;

public sealed class RegisteredModelApiTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    private readonly MlflowHttp _api = server.Api;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonElement> CreateAsync(string name, string extra = "") =>
        (await _api.OkAsync(_api.PostAsync("registered-models/create", $$"""{"name": "{{name}}"{{extra}}}"""))).GetProperty("registered_model");

    [Fact]
    public async Task Create_and_get_a_registered_model()
    {
        var name = Unique("model");
        var created = await CreateAsync(name, """, "description": "fraud scorer", "tags": [{"key": "team", "value": "risk"}]""");
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal("fraud scorer", created.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Number, created.GetProperty("creation_timestamp").ValueKind);

        var fetched = (await _api.OkAsync(_api.GetAsync($"registered-models/get?name={name}"))).GetProperty("registered_model");
        Assert.Equal("risk", Assert.Single(fetched.GetProperty("tags").EnumerateArray()).GetProperty("value").GetString());
        Assert.False(fetched.TryGetProperty("latest_versions", out _), "a model without versions omits latest_versions");

        (await _api.PostAsync("registered-models/create", $$"""{"name": "{{name}}"}""")).ShouldFail(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        (await _api.PostAsync("registered-models/create", "{}")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.GetAsync($"registered-models/get?name={Unique("ghost")}")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Rename_update_and_delete()
    {
        var name = Unique("life");
        await CreateAsync(name);
        var newName = Unique("renamed");
        var renamed = (await _api.OkAsync(_api.PostAsync("registered-models/rename", $$"""{"name": "{{name}}", "new_name": "{{newName}}"}"""))).GetProperty("registered_model");
        Assert.Equal(newName, renamed.GetProperty("name").GetString());
        (await _api.GetAsync($"registered-models/get?name={name}")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        var updated = (await _api.OkAsync(_api.PatchAsync("registered-models/update", $$"""{"name": "{{newName}}", "description": "v2"}"""))).GetProperty("registered_model");
        Assert.Equal("v2", updated.GetProperty("description").GetString());

        await _api.OkAsync(_api.DeleteAsync("registered-models/delete", $$"""{"name": "{{newName}}"}"""));
        (await _api.GetAsync($"registered-models/get?name={newName}")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.DeleteAsync("registered-models/delete", $$"""{"name": "{{newName}}"}""")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.PostAsync("registered-models/update", $$"""{"name": "{{newName}}"}""")).ShouldFail(HttpStatusCode.MethodNotAllowed, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Search_filters_and_pages()
    {
        var prefix = Unique("search");
        for (var i = 0; i < 5; i++) await CreateAsync($"{prefix}-{i}");
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = $"registered-models/search?filter={Uri.EscapeDataString($"name LIKE '{prefix}%'")}&max_results=2&order_by=name+ASC"
                        + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token));
            var page = await _api.OkAsync(_api.GetAsync(query));
            names.AddRange(page.GetProperty("registered_models").EnumerateArray().Select(m => m.GetProperty("name").GetString()!));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
            pages++;
        } while (token is not null && pages < 10);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), names);
        (await _api.GetAsync("registered-models/search?max_results=1001")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Tags_and_aliases()
    {
        var name = Unique("alias");
        await CreateAsync(name);
        await _api.OkAsync(_api.PostAsync("registered-models/set-tag", $$"""{"name": "{{name}}", "key": "k", "value": "v"}"""));
        await _api.OkAsync(_api.PostAsync("model-versions/create", $$"""{"name": "{{name}}", "source": "s3://bucket/model"}"""));
        await _api.OkAsync(_api.PostAsync("registered-models/alias", $$"""{"name": "{{name}}", "alias": "champion", "version": "1"}"""));

        var model = (await _api.OkAsync(_api.GetAsync($"registered-models/get?name={name}"))).GetProperty("registered_model");
        Assert.Equal("v", Assert.Single(model.GetProperty("tags").EnumerateArray()).GetProperty("value").GetString());
        var alias = Assert.Single(model.GetProperty("aliases").EnumerateArray());
        Assert.Equal("champion", alias.GetProperty("alias").GetString());
        Assert.Equal("1", alias.GetProperty("version").GetString());

        var byAlias = (await _api.OkAsync(_api.GetAsync($"registered-models/alias?name={name}&alias=champion"))).GetProperty("model_version");
        Assert.Equal("1", byAlias.GetProperty("version").GetString());
        Assert.Contains("champion", byAlias.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        await _api.OkAsync(_api.DeleteAsync("registered-models/alias", $$"""{"name": "{{name}}", "alias": "champion"}"""));
        (await _api.GetAsync($"registered-models/alias?name={name}&alias=champion")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("registered-models/alias", $$"""{"name": "{{name}}", "alias": "x", "version": "9"}""")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        await _api.OkAsync(_api.DeleteAsync("registered-models/delete-tag", $$"""{"name": "{{name}}", "key": "k"}"""));
        var untagged = (await _api.OkAsync(_api.GetAsync($"registered-models/get?name={name}"))).GetProperty("registered_model");
        Assert.False(untagged.TryGetProperty("tags", out _));
        (await _api.PostAsync("registered-models/set-tag", $$"""{"name": "{{name}}", "value": "v"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }
}
