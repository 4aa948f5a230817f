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

    /// <param name="getVariable">Reads a variable; null reads the process environment.</param>
    /// <summary>Keys per listing page (S3's maximum is 1000); listings follow continuation tokens past it.</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>Retries of a failed request (throttling, dropped connections), as boto3 retries.</summary>
    public int MaxRetries { get; init; } = 4;

    public static S3Settings FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var endpoint = NullIfEmpty(getVariable("MLFLOW_S3_ENDPOINT_URL"));
        var region = NullIfEmpty(getVariable("AWS_DEFAULT_REGION")) ?? NullIfEmpty(getVariable("AWS_REGION"));
        var ignoreTls = getVariable("MLFLOW_S3_IGNORE_TLS")?.Trim();
        Uri? endpointUri = null;
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out endpointUri) || (endpointUri.Scheme != Uri.UriSchemeHttp && endpointUri.Scheme != Uri.UriSchemeHttps)))
            throw Gyre.Core.Errors.GyreException.InvalidParameter($"MLFLOW_S3_ENDPOINT_URL '{endpoint}' is not an http:// or https:// URL.");
        return new S3Settings
        {
            EndpointUrl = endpointUri,
            AccessKeyId = NullIfEmpty(getVariable("AWS_ACCESS_KEY_ID")),
            SecretAccessKey = NullIfEmpty(getVariable("AWS_SECRET_ACCESS_KEY")),
            SessionToken = NullIfEmpty(getVariable("AWS_SESSION_TOKEN")),
            Region = region ?? "us-east-1",
            // MLflow treats "true", "1" and "yes" (any case) as true.
            IgnoreTls = ignoreTls is not null && (ignoreTls.Equals("true", StringComparison.OrdinalIgnoreCase) || ignoreTls == "1" || ignoreTls.Equals("yes", StringComparison.OrdinalIgnoreCase)),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
