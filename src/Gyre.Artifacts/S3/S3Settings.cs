namespace Gyre.Artifacts.S3;

/// <summary>
/// How to reach an S3 (or S3-compatible) store. <see cref="FromEnvironment"/> reads the same variables MLflow reads,
/// so an MLflow deployment's configuration works unchanged.
/// </summary>
public sealed record S3Settings
{
    /// <summary>Endpoint of an S3-compatible server (MinIO, s3rver, ...); null for AWS itself. MLFLOW_S3_ENDPOINT_URL.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>AWS_ACCESS_KEY_ID; with <see cref="SecretAccessKey"/> null the SDK's default credential chain is used.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>AWS_SECRET_ACCESS_KEY.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>AWS_SESSION_TOKEN, for temporary credentials.</summary>
    public string? SessionToken { get; init; }

    /// <summary>AWS_DEFAULT_REGION (or AWS_REGION); us-east-1 when unset.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>MLFLOW_S3_IGNORE_TLS: accept any TLS certificate (self-signed test servers).</summary>
    public bool IgnoreTls { get; init; }

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>); the default whenever a custom endpoint is set,
    /// because S3-compatible servers rarely resolve bucket subdomains.</summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>Files at least this large go up as multipart uploads, in parts of <see cref="MultipartPartSize"/>.</summary>
    public long MultipartThreshold { get; init; } = 16L * 1024 * 1024;

    /// <summary>Size of each multipart part; S3 requires at least 5 MiB for all but the last part.</summary>
    public int MultipartPartSize { get; init; } = 8 * 1024 * 1024;

    public static S3Settings FromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable("MLFLOW_S3_ENDPOINT_URL");
        var region = Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? Environment.GetEnvironmentVariable("AWS_REGION");
        var ignoreTls = Environment.GetEnvironmentVariable("MLFLOW_S3_IGNORE_TLS");
        return new S3Settings
        {
            EndpointUrl = string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint),
            AccessKeyId = NullIfEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")),
            SecretAccessKey = NullIfEmpty(Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY")),
            SessionToken = NullIfEmpty(Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN")),
            Region = string.IsNullOrWhiteSpace(region) ? "us-east-1" : region,
            IgnoreTls = ignoreTls is not null && (ignoreTls.Equals("true", StringComparison.OrdinalIgnoreCase) || ignoreTls == "1"),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
