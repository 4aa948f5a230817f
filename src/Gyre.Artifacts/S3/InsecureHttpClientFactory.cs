using Amazon.Runtime;

namespace Gyre.Artifacts.S3;

/// <summary>An HTTP client that accepts any server certificate, used only when MLFLOW_S3_IGNORE_TLS asks for it.</summary>
internal sealed class InsecureHttpClientFactory : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
