using Gyre.Artifacts.Local;
using Gyre.Artifacts.S3;
using Gyre.Core.Errors;

namespace Gyre.Artifacts;

/// <summary>Makes the repository an artifact URI names: <c>file:///path</c>, a plain local path, or <c>s3://bucket/prefix</c>.</summary>
public static class ArtifactRepositoryFactory
{
    /// <param name="uri">The artifact root.</param>
    /// <param name="s3Settings">How to reach S3; null reads MLflow's environment variables.</param>
    public static IArtifactRepository Create(string uri, S3Settings? s3Settings = null)
    {
        if (string.IsNullOrWhiteSpace(uri))
            throw GyreException.InvalidParameter("Artifact location must not be empty.");

        if (uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = uri["s3://".Length..];
            var slash = rest.IndexOf('/');
            var bucket = slash < 0 ? rest : rest[..slash];
            var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
            if (bucket.Length == 0)
                throw GyreException.InvalidParameter($"Artifact location '{uri}' names no S3 bucket.");
            return new S3ArtifactRepository(bucket, prefix, s3Settings ?? S3Settings.FromEnvironment());
        }

        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var fileUri) || !fileUri.IsFile)
                throw GyreException.InvalidParameter($"Artifact location '{uri}' is not a valid file URI.");
            return new LocalArtifactRepository(fileUri.LocalPath);
        }

        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
            throw new GyreException(ErrorCode.INVALID_PARAMETER_VALUE,
                $"Artifact location '{uri}' uses scheme '{uri[..schemeEnd]}', which Gyre does not support; use a local path, file:// or s3://.");
        return new LocalArtifactRepository(uri);
    }
}
