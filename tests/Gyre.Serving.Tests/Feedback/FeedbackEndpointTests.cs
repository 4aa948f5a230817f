using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gyre.Serving.Deployments;
using Gyre.Serving.Feedback;
using Gyre.Serving.Policies.Bandit;
using Gyre.Serving.Tests.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Gyre.Serving.Tests.Feedback.FeedbackTestData;

namespace Gyre.Serving.Tests.Feedback;

/// <summary>POST /api/gyre/feedback on a real Kestrel listener.</summary>
public sealed class FeedbackEndpointTests : IAsyncLifetime
{
    private readonly PredictionIndex _index = new();
    private readonly BanditPolicy _bandit = BanditPolicy.Create(PolicySpecs.Of("bandit", """{"seed": 1}"""), ["blue", "green"], TimeProvider.System);
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapFeedback(new FeedbackService(_index, (string deployment, in FeedbackRecord feedback) =>
        {
            if (deployment != "churn") return false;
            _bandit.RecordFeedback(feedback);
            return true;
        }));
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
        for (var i = 0; i < 5; i++) _index.OnScored(Scored($"r{i}", i % 2 == 0 ? "blue" : "green", DateTimeOffset.UtcNow, labels: [1]));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json)
    {
        using var response = await _http.PostAsync(FeedbackEndpoints.Route, new StringContent(json, Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task ASingleRewardIsAccepted()
    {
        var (status, body) = await PostAsync("""{"request_id": "r1", "reward": 1.0}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(0, body.GetProperty("rejected").GetArrayLength());
        Assert.Equal(1L, PolicySpecs.Get<long>(_bandit.Status(), "arms", "green", "rewards"));
    }

    [Fact]
    public async Task ABatchIsTakenItemByItemAndTheRejectedOnesAreListed()
    {
        var (status, body) = await PostAsync("""
            {"feedback": [
              {"request_id": "r0", "reward": 1},
              {"request_id": "r2", "label": 1, "deployment": "churn"},
              {"request_id": "gone", "reward": 0}
            ]}
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("index").GetInt32());
        Assert.Equal("gone", rejected.GetProperty("request_id").GetString());
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", rejected.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task AnUnknownRequestIdIs404WithAClearMessage()
    {
        var (status, body) = await PostAsync("""{"request_id": "never-seen", "reward": 1}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", body.GetProperty("error_code").GetString());
        Assert.Contains("'never-seen' is unknown or expired", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ABatchWithNothingTakenAnswersWithTheFirstError()
    {
        var (status, body) = await PostAsync("""{"feedback": [{"request_id": "x", "reward": 1}, {"request_id": "y", "reward": 1}]}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("None of the 2 feedback items was accepted", body.GetProperty("message").GetString());
        Assert.Equal(0, body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public async Task ARepeatedRewardIsRejectedAsAlreadyRecorded()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("""{"request_id": "r3", "reward": 1}""")).Status);
        var (status, body) = await PostAsync("""{"request_id": "r3", "reward": 1}""");
        Assert.Equal(HttpStatusCode.BadRequest, status); // MLflow maps RESOURCE_ALREADY_EXISTS to 400
        Assert.Equal("RESOURCE_ALREADY_EXISTS", body.GetProperty("error_code").GetString());
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("""{"reward": 1}""", "needs \"request_id\"")]
    [InlineData("""{"request_id": "r1"}""", "neither \"reward\" nor \"label\"")]
    [InlineData("""{"request_id": "r1", "reward": "high"}""", "a reward must be a finite number")]
    [InlineData("""{"request_id": "r1", "rewrad": 1}""", "unknown field 'rewrad'")]
    [InlineData("""{"feedback": []}""", "\"feedback\" is empty")]
    [InlineData("""{"feedback": [{"request_id": "r1", "reward": 1}, 7]}""", "feedback[1] must be a JSON object")]
    [InlineData("""{"request_id": "r1", "reward": 9}""", "outside [0, 1]")]
    public async Task MalformedFeedbackIs400AndNamesTheProblem(string json, string message)
    {
        var (status, body) = await PostAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, body.GetProperty("message").GetString());
        Assert.Equal(0L, PolicySpecs.Get<long>(_bandit.Status(), "total_rewards")); // nothing applied
    }
}
