using System.Net;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Tracking;

/// <summary>The HTTP protocol around the messages: prefixes, verbs, content types, bad bodies, health.</summary>
public sealed class ProtocolTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    private readonly MlflowHttp _api = server.Api;

    [Fact]
    public async Task Health_and_version_answer_as_MLflow_does()
    {
        var health = await _api.Client.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("OK", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var version = await _api.Client.GetStringAsync("/version", TestContext.Current.CancellationToken);
        Assert.Matches(@"^\d+\.\d+\.\d+$", version);
    }

    [Fact]
    public async Task The_ajax_api_prefix_serves_the_same_API()
    {
        var name = "ajax-" + Guid.NewGuid().ToString("N")[..8];
        var created = await _api.OkAsync(_api.PostAsync("/ajax-api/2.0/mlflow/experiments/create", $$"""{"name": "{{name}}"}"""));
        var id = created.GetProperty("experiment_id").GetString();
        var fetched = await _api.OkAsync(_api.GetAsync($"experiments/get-by-name?experiment_name={name}"));
        Assert.Equal(id, fetched.GetProperty("experiment").GetProperty("experiment_id").GetString());
    }

    [Fact]
    public async Task The_default_experiment_exists()
    {
        var experiment = (await _api.OkAsync(_api.GetAsync("experiments/get?experiment_id=0"))).GetProperty("experiment");
        Assert.Equal("Default", experiment.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Unknown_endpoints_and_wrong_verbs_are_ENDPOINT_NOT_FOUND()
    {
        (await _api.GetAsync("experiments/frobnicate")).ShouldFail(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        (await _api.PostAsync("experiments/get", """{"experiment_id": "0"}""")).ShouldFail(HttpStatusCode.MethodNotAllowed, "ENDPOINT_NOT_FOUND");
        (await _api.GetAsync("runs/log-metric?run_id=x")).ShouldFail(HttpStatusCode.MethodNotAllowed, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Malformed_JSON_is_MALFORMED_REQUEST()
    {
        (await _api.PostAsync("experiments/create", """{"name": "x",""")).ShouldFail(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        (await _api.PostAsync("experiments/create", "not json at all")).ShouldFail(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        (await _api.PostAsync("experiments/create", "[1, 2]")).ShouldFail(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    [Fact]
    public async Task Values_of_the_wrong_type_name_the_field()
    {
        var reply = (await _api.PostAsync("experiments/create", """{"name": 42}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'name'", reply.Message);
        var tags = (await _api.PostAsync("experiments/create", """{"name": "n", "tags": {"key": "a"}}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("tags", tags.Message);
        (await _api.PostAsync("runs/search", """{"max_results": "lots"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.GetAsync("experiments/search?max_results=abc")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task POST_needs_a_JSON_content_type()
    {
        (await _api.SendAsync(HttpMethod.Post, "experiments/create", """{"name": "x"}""", "text/plain"))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var reply = await _api.SendAsync(HttpMethod.Post, "experiments/create", """{"name": "ct-""" + Guid.NewGuid().ToString("N")[..8] + "\"}", "application/json; charset=utf-8");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task A_double_encoded_body_is_decoded_as_old_clients_expect()
    {
        var name = "double-" + Guid.NewGuid().ToString("N")[..8];
        var body = System.Text.Json.JsonSerializer.Serialize($$"""{"name": "{{name}}"}""");
        await _api.OkAsync(_api.PostAsync("experiments/create", body));
        await _api.OkAsync(_api.GetAsync($"experiments/get-by-name?experiment_name={name}"));
    }

    [Fact]
    public async Task Booleans_must_be_JSON_booleans()
    {
        var reply = (await _api.PostAsync("model-versions/transition-stage", """{"name": "m", "version": "1", "stage": "Staging", "archive_existing_versions": "perhaps"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("archive_existing_versions", reply.Message);
    }
}
