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
    public const string BatchSize = "gyre_batch_size";
    public const string BatchRows = "gyre_batch_rows";
    public const string BatchQueueDelay = "gyre_batch_queue_delay_seconds";
    public const string CacheHitsTotal = "gyre_cache_hits_total";
    public const string CacheMissesTotal = "gyre_cache_misses_total";
    public const string CacheEntries = "gyre_cache_entries";
    public const string CacheBytes = "gyre_cache_bytes";

    private static readonly double[] SizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
    private static readonly double[] RowBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 16384, 65536];
    private static readonly double[] DelayBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly Counter _requests;
    private readonly Histogram _latency;
    private readonly Counter _predictions;
    private readonly Counter _rows;
    private readonly ConcurrentDictionary<(string Deployment, string Version, string Route, int Code), Counter.Series> _requestSeries = new();
    private readonly ConcurrentDictionary<(string Deployment, string Version, string Route), Histogram.Series> _latencySeries = new();
    private readonly ConcurrentDictionary<(string Deployment, string Version, long Class), Counter.Series> _classSeries = new();
    private readonly Histogram _batchSize;
    private readonly Histogram _batchRows;
    private readonly Histogram _queueDelay;
    private readonly Counter _cacheHits;
    private readonly Counter _cacheMisses;
    private readonly ConcurrentDictionary<(string Deployment, string Version), (Counter.Series Hits, Counter.Series Misses)> _cacheSeries = new();

    public ServingMetrics(MetricRegistry registry)
    {
        Registry = registry;
        _requests = registry.Counter(RequestsTotal, "Scoring requests by deployment, model version, route and HTTP status code.", "deployment", "version", "route", "code");
        _latency = registry.Histogram(RequestDuration, "Scoring request latency in seconds, from request read to response written.",
            Histogram.LatencySecondsBuckets, "deployment", "version", "route");
        _predictions = registry.Counter(PredictionsTotal, "Predicted class labels by deployment, model version and class.", "deployment", "version", "class");
        _rows = registry.Counter(RowsScoredTotal, "Rows scored by deployment and model version.", "deployment", "version");
        registry.Gauge(ModelInfo, "1 for each model version being served, with its format.", "deployment", "version", "format");
        _batchSize = registry.Histogram(BatchSize, "Requests merged into one model call by dynamic batching.", SizeBuckets, "deployment", "version");
        _batchRows = registry.Histogram(BatchRows, "Rows in one model call made by dynamic batching.", RowBuckets, "deployment", "version");
        _queueDelay = registry.Histogram(BatchQueueDelay, "Time a request waited in the batching queue before its model call started.",
            DelayBuckets, "deployment", "version");
        _cacheHits = registry.Counter(CacheHitsTotal, "Requests answered from the prediction cache.", "deployment", "version");
        _cacheMisses = registry.Counter(CacheMissesTotal, "Requests the prediction cache could not answer (scored, then cached).", "deployment", "version");
        registry.Gauge(CacheEntries, "Responses held in a deployment's prediction cache, by the model version that made them.", "deployment", "version");
        registry.Gauge(CacheBytes, "Bytes of responses held in a deployment's prediction cache, by the model version that made them.", "deployment", "version");
    }

    /// <summary>The batching series of one deployment's model version.</summary>
    public Batching.BatchMetrics BatchSeries(string deployment, string version) =>
        new(_batchSize.WithLabels(deployment, version), _batchRows.WithLabels(deployment, version), _queueDelay.WithLabels(deployment, version));

    public void RecordCacheLookup(string deployment, string version, bool hit)
    {
        var series = _cacheSeries.GetOrAdd((deployment, version),
            key => (_cacheHits.WithLabels(key.Deployment, key.Version), _cacheMisses.WithLabels(key.Deployment, key.Version)));
        (hit ? series.Hits : series.Misses).Inc();
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
