using System.Collections.Concurrent;
using System.Globalization;
using Gyre.Monitoring.Metrics;

namespace Gyre.Serving.Hosting;

/// <summary>
/// RED metrics per deployment, version and route (requests by status code, latency) and prediction
/// counts per class. Series are looked up once and cached, so recording allocates nothing.
/// </summary>
public sealed class ServingMetrics
{
    public const string RequestsTotal = "gyre_requests_total";
    public const string RequestDuration = "gyre_request_duration_seconds";
    public const string PredictionsTotal = "gyre_predictions_total";
    public const string RowsScoredTotal = "gyre_rows_scored_total";
    public const string ModelInfo = "gyre_model_info";

    private readonly Counter _requests;
    private readonly Histogram _latency;
    private readonly Counter _predictions;
    private readonly Counter _rows;
    private readonly ConcurrentDictionary<(string Deployment, string Version, string Route, int Code), Counter.Series> _requestSeries = new();
    private readonly ConcurrentDictionary<(string Deployment, string Version, string Route), Histogram.Series> _latencySeries = new();
    private readonly ConcurrentDictionary<(string Deployment, string Version, long Class), Counter.Series> _classSeries = new();

    public ServingMetrics(MetricRegistry registry)
    {
        Registry = registry;
        _requests = registry.Counter(RequestsTotal, "Scoring requests by deployment, model version, route and HTTP status code.", "deployment", "version", "route", "code");
        _latency = registry.Histogram(RequestDuration, "Scoring request latency in seconds, from request read to response written.",
            Histogram.LatencySecondsBuckets, "deployment", "version", "route");
        _predictions = registry.Counter(PredictionsTotal, "Predicted class labels by deployment, model version and class.", "deployment", "version", "class");
        _rows = registry.Counter(RowsScoredTotal, "Rows scored by deployment and model version.", "deployment", "version");
        registry.Gauge(ModelInfo, "1 for each model version being served, with its format.", "deployment", "version", "format");
    }

    public MetricRegistry Registry { get; }

    public void RecordModel(string deployment, string version, string format) =>
        Registry.Gauge(ModelInfo, "", "deployment", "version", "format").WithLabels(deployment, version, format).Set(1);

    public void RecordRequest(string deployment, string version, string route, int statusCode, double seconds)
    {
        _requestSeries.GetOrAdd((deployment, version, route, statusCode),
            key => _requests.WithLabels(key.Deployment, key.Version, key.Route, key.Code.ToString(CultureInfo.InvariantCulture))).Inc();
        _latencySeries.GetOrAdd((deployment, version, route),
            key => _latency.WithLabels(key.Deployment, key.Version, key.Route)).Observe(seconds);
    }

    public void RecordRows(string deployment, string version, int rows) => _rows.WithLabels(deployment, version).Inc(rows);

    public void RecordClass(string deployment, string version, long label) =>
        _classSeries.GetOrAdd((deployment, version, label),
            key => _predictions.WithLabels(key.Deployment, key.Version, key.Class.ToString(CultureInfo.InvariantCulture))).Inc();
}
