using Gyre.Client.Http;
using Gyre.Client.Protocol;
using Gyre.Client.Registry;
using Gyre.Core.Errors;

namespace Gyre.Client;

/// <summary>
/// The .NET client of an MLflow-compatible tracking server (Gyre or MLflow itself): typed calls for every
/// experiment, run and artifact endpoint, <see cref="Registry"/> for the model registry, and
/// <see cref="StartRunAsync"/> for MLflow's fluent style.
/// </summary>
public sealed partial class TrackingClient : IDisposable
{
    private const string Api = "api/2.0/mlflow/";
    private readonly MlflowHttp _http;

    /// <param name="trackingUri">The server, e.g. <c>http://localhost:5000</c>.</param>
    /// <param name="options">Credentials, batching and clock; null reads credentials from MLflow's environment variables.</param>
    /// <param name="httpClient">An HttpClient to use (its lifetime stays the caller's).</param>
    public TrackingClient(Uri trackingUri, TrackingClientOptions? options = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(trackingUri);
        Options = options ?? TrackingClientOptions.FromEnvironment();
        if (Options.BatchSize is < 1 or > 1000)
            throw GyreException.InvalidParameter($"BatchSize must be between 1 and 1000 (MLflow's log-batch limit); got {Options.BatchSize}.");
        _http = new MlflowHttp(trackingUri, Options, httpClient);
        Registry = new ModelRegistryClient(_http);
    }

    /// <summary>A client for <c>MLFLOW_TRACKING_URI</c>, or http://127.0.0.1:5000 when it is unset.</summary>
    public static TrackingClient FromEnvironment() => new(DefaultTrackingUri());

    /// <summary><c>MLFLOW_TRACKING_URI</c>, or http://127.0.0.1:5000 when it is unset.</summary>
    public static Uri DefaultTrackingUri()
    {
        var value = Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI");
        return string.IsNullOrWhiteSpace(value) ? new Uri("http://127.0.0.1:5000") : new Uri(value);
    }

    public Uri TrackingUri => _http.BaseUri;

    public TrackingClientOptions Options { get; }

    /// <summary>Registered models, versions, stages and aliases.</summary>
    public ModelRegistryClient Registry { get; }

    internal MlflowHttp Http => _http;

    internal long NowMillis() => Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    public void Dispose() => _http.Dispose();

    private static KeyValuePair<string, string?> Q(string key, string? value) => new(key, value);

    private static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw GyreException.InvalidParameter($"{name} must not be empty.");
    }
}
