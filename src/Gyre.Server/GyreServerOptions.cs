namespace Gyre.Server;

/// <summary>
/// How a Gyre server runs; the names and defaults follow <c>mlflow server</c>'s flags so that a deployment
/// script written for MLflow carries over.
/// </summary>
public sealed record GyreServerOptions
{
    /// <summary>Where metadata lives: <c>sqlite:///relative/path.db</c>, <c>sqlite:////absolute/path.db</c> or <c>postgresql://...</c>.</summary>
    public string BackendStoreUri { get; init; } = "sqlite:///./gyre-data/gyre.db";

    /// <summary>
    /// The artifact root of new experiments. Null: <c>mlflow-artifacts:/</c> when serving artifacts (clients
    /// upload through the server), else the artifacts destination itself.
    /// </summary>
    public string? DefaultArtifactRoot { get; init; }

    /// <summary>Where the artifact proxy keeps files: a local folder, <c>file://</c> URI or <c>s3://bucket/prefix</c>.</summary>
    public string ArtifactsDestination { get; init; } = "./gyre-data/artifacts";

    /// <summary>Whether the server proxies artifact uploads and downloads (<c>--serve-artifacts</c>, on by default).</summary>
    public bool ServeArtifacts { get; init; } = true;

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 asks the operating system for a free port (tests).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>Log requests and errors to the console (the CLI does; tests and benchmarks do not).</summary>
    public bool ConsoleLogging { get; init; }

    /// <summary>
    /// A gate suite (YAML with a <c>holdout:</c>) every model version must pass before a transition to the
    /// Production stage or being given one of <see cref="ProductionGateAliases"/>; null: no gates.
    /// </summary>
    public string? ProductionGates { get; init; }

    /// <summary>Aliases that mean "production" and are gated like the stage.</summary>
    public IReadOnlyList<string> ProductionGateAliases { get; init; } = ["champion"];

    /// <summary>The artifact root new experiments get, after applying the defaults above.</summary>
    public string EffectiveDefaultArtifactRoot =>
        !string.IsNullOrEmpty(DefaultArtifactRoot) ? DefaultArtifactRoot
        : ServeArtifacts ? "mlflow-artifacts:/"
        : ArtifactsDestination.Contains("://", StringComparison.Ordinal) ? ArtifactsDestination
        : new Uri(Path.GetFullPath(ArtifactsDestination)).AbsoluteUri;
}
