using System.Collections.Concurrent;
using System.Text.Json;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Deployments;
using Gyre.Serving.Observability.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gyre.Serving.Tests.Observability;

public sealed class AlertSinkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gyre-alerts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Alert Sample(string kind = "data_drift", string subject = "", DateTimeOffset? at = null) => new(
        "churn", kind, "warning", "2 of 3 features drifted",
        new Dictionary<string, double> { ["drift_share"] = 0.667, ["window_rows"] = 500 }, at ?? ObservabilityData.Start, subject);

    [Fact]
    public async Task APersistingConditionAlertsAgainOnlyAfterTheCooldown()
    {
        var time = new ManualTimeProvider(ObservabilityData.Start);
        var events = new ConcurrentQueue<DeploymentEvent>();
        var registry = new MetricRegistry();
        await using var dispatcher = new AlertDispatcher(registry,
            [new EventLogAlertSink((e, _) => { events.Enqueue(e); return Task.CompletedTask; })], time: time);
        dispatcher.Configure("churn", [], TimeSpan.FromMinutes(10));

        Assert.True(dispatcher.Raise(Sample()));
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.False(dispatcher.Raise(Sample()));                           // same condition, inside the cool-down
        Assert.True(dispatcher.Raise(Sample(kind: "slo_burn_rate")));      // another kind is another condition
        Assert.True(dispatcher.Raise(Sample(subject: "latency/page")));    // so is another subject
        time.Advance(TimeSpan.FromMinutes(8));
        Assert.True(dispatcher.Raise(Sample()));                            // 11 minutes after the first
        await dispatcher.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4, events.Count);
        var first = events.First();
        Assert.Equal("alert", first.Kind);
        Assert.Equal("churn", first.Deployment);
        Assert.Equal("data_drift (warning): 2 of 3 features drifted", first.Reason);
        Assert.Equal(0.667, first.Evidence["drift_share"]);
        Assert.Contains("gyre_alerts_suppressed_total{deployment=\"churn\",kind=\"data_drift\"} 1", registry.Expose());
    }

    [Fact]
    public async Task AWebhookReceivesTheAlertJsonAfterARetry()
    {
        var received = new ConcurrentQueue<string>();
        var attempts = 0;
        await using var receiver = await Receiver.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            // The first attempt fails as an overloaded receiver would; the sink must retry.
            if (Interlocked.Increment(ref attempts) == 1) { context.Response.StatusCode = 503; return; }
            received.Enqueue(body);
            context.Response.StatusCode = 204;
        });
        using var http = new HttpClient();
        var sink = new WebhookAlertSink(http, new Uri(receiver.Address, "hook"), TimeSpan.FromSeconds(5), maxAttempts: 3, TimeSpan.FromMilliseconds(20));

        await sink.DeliverAsync(Sample(), TestContext.Current.CancellationToken);

        Assert.Equal(2, attempts);
        using var json = JsonDocument.Parse(Assert.Single(received));
        var root = json.RootElement;
        Assert.Equal("churn", root.GetProperty("deployment").GetString());
        Assert.Equal("data_drift", root.GetProperty("kind").GetString());
        Assert.Equal("warning", root.GetProperty("severity").GetString());
        Assert.Equal("2 of 3 features drifted", root.GetProperty("message").GetString());
        Assert.Equal(500, root.GetProperty("evidence").GetProperty("window_rows").GetDouble());
        Assert.Equal(ObservabilityData.Start, root.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task AWebhookThatKeepsFailingGivesUpAndTheFailureIsRecorded()
    {
        var attempts = 0;
        await using var receiver = await Receiver.StartAsync(context =>
        {
            Interlocked.Increment(ref attempts);
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        var events = new ConcurrentQueue<DeploymentEvent>();
        Task Record(DeploymentEvent e, CancellationToken _) { events.Enqueue(e); return Task.CompletedTask; }
        var registry = new MetricRegistry();
        await using var dispatcher = new AlertDispatcher(registry, [new EventLogAlertSink(Record)], Record);
        using var http = new HttpClient();
        dispatcher.Configure("churn", [new WebhookAlertSink(http, receiver.Address, TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(10))], TimeSpan.Zero);

        dispatcher.Raise(Sample());
        await dispatcher.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, attempts);
        var failure = Assert.Single(events, e => e.Kind == "alert_delivery_failed");
        Assert.Contains("answered 500", failure.Reason);
        Assert.Contains("gave up after 3 attempts", failure.Reason);
        Assert.Single(events, e => e.Kind == "alert"); // the event log still has the alert
        Assert.Contains("gyre_alert_delivery_failures_total{deployment=\"churn\"", registry.Expose());
    }

    [Fact]
    public async Task ASlowWebhookTimesOutWithoutHoldingUpOtherSinks()
    {
        var release = new TaskCompletionSource();
        await using var receiver = await Receiver.StartAsync(async context => await release.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var events = new ConcurrentQueue<DeploymentEvent>();
        Task Record(DeploymentEvent e, CancellationToken _) { events.Enqueue(e); return Task.CompletedTask; }
        await using var dispatcher = new AlertDispatcher(new MetricRegistry(), [new EventLogAlertSink(Record)], Record);
        using var http = new HttpClient();
        dispatcher.Configure("churn", [new WebhookAlertSink(http, receiver.Address, TimeSpan.FromMilliseconds(200), 1)], TimeSpan.Zero);

        dispatcher.Raise(Sample());
        await dispatcher.FlushAsync(TestContext.Current.CancellationToken);
        release.SetResult();

        var failure = Assert.Single(events, e => e.Kind == "alert_delivery_failed");
        Assert.Contains("did not answer within 0.2 s", failure.Reason);
        Assert.Single(events, e => e.Kind == "alert");
    }

    [Fact]
    public async Task ACommandGetsTheAlertOnStdinAndInItsEnvironment()
    {
        var payload = Path.Combine(_folder, "alert.json");
        var environment = Path.Combine(_folder, "env.txt");
        var events = new ConcurrentQueue<DeploymentEvent>();
        var sink = new CommandAlertSink(
            ["/bin/sh", "-c", $"cat > '{payload}'; printf '%s|%s|%s' \"$GYRE_ALERT_DEPLOYMENT\" \"$GYRE_ALERT_KIND\" \"$GYRE_ALERT_SEVERITY\" > '{environment}'"],
            TimeSpan.FromSeconds(30), (e, _) => { events.Enqueue(e); return Task.CompletedTask; });

        await sink.DeliverAsync(Sample(), TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(File.ReadAllText(payload));
        Assert.Equal("data_drift", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(0.667, json.RootElement.GetProperty("evidence").GetProperty("drift_share").GetDouble());
        Assert.Equal("churn|data_drift|warning", File.ReadAllText(environment));
        var exit = Assert.Single(events);
        Assert.Equal("alert_command", exit.Kind);
        Assert.Equal(0, exit.Evidence["exit_code"]);
        Assert.Contains("exited with code 0", exit.Reason);
    }

    [Fact]
    public async Task AFailingCommandIsRecordedWithItsExitCodeAndError()
    {
        var events = new ConcurrentQueue<DeploymentEvent>();
        var sink = new CommandAlertSink(["/bin/sh", "-c", "echo 'retraining data missing' >&2; exit 3"], TimeSpan.FromSeconds(30),
            (e, _) => { events.Enqueue(e); return Task.CompletedTask; });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.DeliverAsync(Sample(), TestContext.Current.CancellationToken));

        Assert.Contains("exited with code 3", error.Message);
        var exit = Assert.Single(events);
        Assert.Equal(3, exit.Evidence["exit_code"]);
        Assert.Contains("retraining data missing", exit.Reason);
    }

    [Fact]
    public async Task ACommandThatRunsTooLongIsKilled()
    {
        var events = new ConcurrentQueue<DeploymentEvent>();
        var sink = new CommandAlertSink(["/bin/sh", "-c", "sleep 30"], TimeSpan.FromMilliseconds(300),
            (e, _) => { events.Enqueue(e); return Task.CompletedTask; });

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.DeliverAsync(Sample(), TestContext.Current.CancellationToken));

        var exit = Assert.Single(events);
        Assert.Equal(1, exit.Evidence["timed_out"]);
        Assert.Contains("was killed after 0.3 s", exit.Reason);
    }

    /// <summary>A real Kestrel listener on a free loopback port that answers with <c>handle</c>.</summary>
    internal sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Receiver(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<Receiver> StartAsync(RequestDelegate handle)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(handle);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Receiver(app, new Uri(address + "/"));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
