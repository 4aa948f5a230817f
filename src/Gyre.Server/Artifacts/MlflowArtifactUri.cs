using Gyre.Artifacts;
using Gyre.Core.Errors;

namespace Gyre.Server.Artifacts;

/// <summary>
/// Resolves the artifact URIs runs carry: <c>mlflow-artifacts:/path</c> (or an http(s) URL into
/// <c>/api/2.0/mlflow-artifacts/artifacts/</c>) names a path under the server's artifact destination; any
/// other URI (a local path, file://, s3://) is a repository of its own.
/// </summary>
public static class MlflowArtifactUri
{
    public const string Scheme = "mlflow-artifacts";
    private const string HttpRouteAnchor = "/api/2.0/mlflow-artifacts/artifacts/";

    /// <summary>The path under the artifact destination, or null when <paramref name="uri"/> is not proxied.</summary>
    public static string? ProxiedPath(string uri)
    {
        if (uri.StartsWith(Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            var rest = uri[(Scheme.Length + 1)..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                // mlflow-artifacts://host:port/path: the authority is not part of the path.
                var slash = rest.IndexOf('/', 2);
                rest = slash < 0 ? "" : rest[slash..];
            }
            return rest.Trim('/');
        }
        if ((uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            && Uri.TryCreate(uri, UriKind.Absolute, out var http))
        {
            var path = http.AbsolutePath;
            var at = path.IndexOf(HttpRouteAnchor, StringComparison.Ordinal);
            if (at >= 0) return Uri.UnescapeDataString(path[(at + HttpRouteAnchor.Length)..]).Trim('/');
        }
        return null;
    }

    /// <summary>The repository holding <paramref name="artifactUri"/>'s files and the path of its root inside it.</summary>
    public static (IArtifactRepository Repository, string Root) Resolve(string artifactUri, IArtifactRepository? destination)
    {
        var proxied = ProxiedPath(artifactUri);
        if (proxied is not null)
        {
            if (destination is null)
                throw new GyreException(ErrorCode.INVALID_STATE,
                    $"Artifact URI '{artifactUri}' is served by the artifact proxy, but this server runs with --no-serve-artifacts.");
            return (destination, ArtifactPath.Validate(proxied));
        }
        return (ArtifactRepositoryFactory.Create(artifactUri), "");
    }
}
