using Gyre.Core.Errors;
using Gyre.Monitoring.Metrics;

namespace Gyre.Monitoring.Tests.Metrics;

public class PrometheusExpositionTests
{
    [Fact]
    public void CountersAndGaugesCarryHelpTypeAndLabels()
    {
        var registry = new MetricRegistry();
        var requests = registry.Counter("gyre_requests_total", "Requests served.", "deployment", "version");
        requests.WithLabels("churn", "3").Inc();
        requests.WithLabels("churn", "3").Inc(2);
        requests.WithLabels("churn", "4").Inc();
        registry.Gauge("gyre_drift_share", "Share of drifted columns.").Set(0.25);

        var parsed = ExpositionParser.Parse(registry.Expose());

        Assert.Equal("counter", parsed.Types["gyre_requests_total"]);
        Assert.Equal("gauge", parsed.Types["gyre_drift_share"]);
        Assert.Equal("Requests served.", parsed.Helps["gyre_requests_total"]);
        Assert.Equal(3, parsed.Value("gyre_requests_total", ("deployment", "churn"), ("version", "3")));
        Assert.Equal(1, parsed.Value("gyre_requests_total", ("deployment", "churn"), ("version", "4")));
        Assert.Equal(0.25, parsed.Value("gyre_drift_share"));
    }

    [Fact]
    public void LabelValuesAndHelpAreEscapedAsTheFormatRequires()
    {
        var registry = new MetricRegistry();
        registry.Counter("odd_total", "Line one\nback\\slash", "path").WithLabels("a\"b\\c\nd").Inc();

        var text = registry.Expose();
        Assert.Contains("# HELP odd_total Line one\\nback\\\\slash\n", text);
        Assert.Contains("odd_total{path=\"a\\\"b\\\\c\\nd\"} 1\n", text);
        var parsed = ExpositionParser.Parse(text);
        Assert.Equal(1, parsed.Value("odd_total", ("path", "a\"b\\c\nd")));
    }

    [Fact]
    public void HistogramBucketsAreCumulativeAndEndWithInfEqualToCount()
    {
        var registry = new MetricRegistry();
        var latency = registry.Histogram("gyre_latency_seconds", "Latency.", [0.001, 0.01, 0.1], "route");
        var series = latency.WithLabels("/invocations");
        foreach (var v in new[] { 0.0005, 0.001, 0.002, 0.05, 0.5, 3 }) series.Observe(v);

        var parsed = ExpositionParser.Parse(registry.Expose());

        Assert.Equal("histogram", parsed.Types["gyre_latency_seconds"]);
        Assert.Equal(2, parsed.Value("gyre_latency_seconds_bucket", ("route", "/invocations"), ("le", "0.001")));
        Assert.Equal(3, parsed.Value("gyre_latency_seconds_bucket", ("route", "/invocations"), ("le", "0.01")));
        Assert.Equal(4, parsed.Value("gyre_latency_seconds_bucket", ("route", "/invocations"), ("le", "0.1")));
        Assert.Equal(6, parsed.Value("gyre_latency_seconds_bucket", ("route", "/invocations"), ("le", "+Inf")));
        Assert.Equal(6, parsed.Value("gyre_latency_seconds_count", ("route", "/invocations")));
        Assert.Equal(3.5535, parsed.Value("gyre_latency_seconds_sum", ("route", "/invocations")), 12);
    }

    [Fact]
    public void ConcurrentIncrementsAreNeverLost()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("hits_total", "Hits.").WithLabels();
        var histogram = registry.Histogram("h_seconds", "H.", [1.0]).WithLabels();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 50_000; i++) { counter.Inc(); histogram.Observe(0.5); }
        });
        Assert.Equal(400_000, counter.Value);
        var snapshot = histogram.Snapshot();
        Assert.Equal(400_000, snapshot.Count);
        Assert.Equal(200_000, snapshot.Sum);
    }

    [Fact]
    public void HistogramQuantileInterpolatesInsideTheBucketLikePromQL()
    {
        var histogram = new Histogram("q_seconds", "Q.", [1, 2, 4]);
        var series = histogram.WithLabels();
        for (var i = 0; i < 50; i++) series.Observe(0.5);
        for (var i = 0; i < 50; i++) series.Observe(3);
        // rank 0.99*100 = 99 falls in (2, 4] holding 50 observations, 49 of them below the rank.
        Assert.Equal(2 + 2 * (49.0 / 50), series.Snapshot().Quantile(0.99), 12);
        Assert.Equal(1, series.Snapshot().Quantile(0.5), 12);
    }

    [Theory]
    [InlineData("9lives")]
    [InlineData("has-dash")]
    [InlineData("")]
    public void InvalidMetricNamesAreRejected(string name)
    {
        var error = Assert.Throws<GyreException>(() => new MetricRegistry().Counter(name, "x"));
        Assert.Contains("not a valid Prometheus metric name", error.Message);
    }

    [Fact]
    public void MisuseFailsLoudly()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("c_total", "C.", "a");
        Assert.Throws<GyreException>(() => counter.WithLabels("x").Inc(-1));
        Assert.Throws<GyreException>(() => counter.WithLabels("x", "y"));
        Assert.Throws<GyreException>(() => registry.Gauge("c_total", "C."));
        Assert.Throws<GyreException>(() => registry.Counter("c_total", "C.", "b"));
        Assert.Same(counter, registry.Counter("c_total", "C.", "a"));
        Assert.Throws<GyreException>(() => registry.Histogram("h", "H.", [1], "le"));
        Assert.Throws<GyreException>(() => registry.Histogram("h2", "H.", [2, 1]));
    }

    [Fact]
    public void ProcessMetricsReportLiveValues()
    {
        var registry = new MetricRegistry();
        ProcessMetrics.Register(registry);
        var parsed = ExpositionParser.Parse(registry.Expose());

        Assert.Equal("counter", parsed.Types["process_cpu_seconds_total"]);
        Assert.True(parsed.Value("process_cpu_seconds_total") > 0);
        Assert.True(parsed.Value("process_resident_memory_bytes") > 1_000_000);
        Assert.True(parsed.Value("process_open_fds") > 0);
        Assert.True(parsed.Value("dotnet_threadpool_threads") >= 0);
        Assert.True(parsed.Value("process_start_time_seconds") > 1.7e9);
        Assert.Contains(parsed.Samples, s => s.Name == "dotnet_gc_collections_total" && s.Labels["generation"] == "0");
    }
}
