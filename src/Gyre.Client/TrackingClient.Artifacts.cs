using Gyre.Artifacts;
using Gyre.Client.Artifacts;
using Gyre.Core.Errors;

namespace Gyre.Client;

public sealed partial class TrackingClient
{
    /// <summary>
    /// The artifact store of a run: through the server's artifact proxy for <c>mlflow-artifacts:</c> roots, or directly
    /// for <c>file://</c>, local and <c>s3://</c> roots (S3 settings from MLflow's environment variables).
    /// </summary>
    public async Task<IArtifactRepository> GetRunArtifactsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return OpenArtifactRoot(run.Info.ArtifactUri ?? throw new GyreException(ErrorCode.INVALID_STATE, $"Run {runId} has no artifact URI."));
    }

    /// <summary>The artifact store behind an artifact URI as the server reports it.</summary>
    public IArtifactRepository OpenArtifactRoot(string artifactUri)
    {
        Require(artifactUri, "Artifact URI");
        if (artifactUri.StartsWith("mlflow-artifacts:", StringComparison.OrdinalIgnoreCase))
            return new ProxiedArtifactRepository(_http, artifactUri, ProxiedArtifactRepository.PathOf(artifactUri));
        if (artifactUri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || artifactUri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || !artifactUri.Contains("://", StringComparison.Ordinal))
            return ArtifactRepositoryFactory.Create(artifactUri);
        throw new GyreException(ErrorCode.NOT_IMPLEMENTED,
            $"Artifact URI '{artifactUri}' uses a scheme the Gyre client cannot reach directly; run the server with artifact serving (mlflow-artifacts:) or use s3:// or a local path.");
    }

    /// <summary>Uploads a local file, or a folder recursively, into the run's artifacts under the directory
    /// <paramref name="artifactPath"/> (null: the root), keeping file names, as MLflow's log_artifact(s) does.</summary>
    public async Task LogArtifactAsync(string runId, string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        var repository = await GetRunArtifactsAsync(runId, cancellationToken).ConfigureAwait(false);
        await UploadAsync(repository, localPath, artifactPath, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task UploadAsync(IArtifactRepository repository, string localPath, string? artifactPath, CancellationToken cancellationToken)
    {
        var directory = ArtifactPath.Validate(artifactPath);
        if (File.Exists(localPath))
        {
            await repository.PutFileAsync(ArtifactPath.Combine(directory, Path.GetFileName(localPath)), localPath, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!Directory.Exists(localPath))
            throw GyreException.NotFound($"Cannot log artifact: '{localPath}' is neither a file nor a folder.");
        var root = Path.GetFullPath(localPath);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            await repository.PutFileAsync(ArtifactPath.Combine(directory, relative), file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The direct children of <paramref name="path"/> in the run's artifacts.</summary>
    public async Task<IReadOnlyList<ArtifactFileInfo>> ListArtifactsAsync(string runId, string? path = null, CancellationToken cancellationToken = default)
    {
        var repository = await GetRunArtifactsAsync(runId, cancellationToken).ConfigureAwait(false);
        return await repository.ListAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads one artifact file, or a directory recursively (null: everything), into <paramref name="destination"/>,
    /// keeping relative paths; returns the local path of what was downloaded.</summary>
    public async Task<string> DownloadArtifactsAsync(string runId, string? artifactPath, string destination, CancellationToken cancellationToken = default)
    {
        var repository = await GetRunArtifactsAsync(runId, cancellationToken).ConfigureAwait(false);
        return await DownloadAsync(repository, artifactPath, destination, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<string> DownloadAsync(IArtifactRepository repository, string? artifactPath, string destination, CancellationToken cancellationToken)
    {
        var relative = ArtifactPath.Validate(artifactPath);
        var root = Path.GetFullPath(destination);
        var children = await repository.ListAsync(relative, cancellationToken).ConfigureAwait(false);
        if (children.Count == 0 && relative.Length > 0)
        {
            // Nothing under it: a file (or, if the read says it does not exist, nothing at all).
            return await DownloadFileAsync(repository, relative, root, cancellationToken).ConfigureAwait(false);
        }
        await DownloadTreeAsync(repository, relative, children, root, cancellationToken).ConfigureAwait(false);
        return LocalPath(root, relative);
    }

    private static async Task DownloadTreeAsync(IArtifactRepository repository, string directory, IReadOnlyList<ArtifactFileInfo> children, string root, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(LocalPath(root, directory));
        foreach (var child in children)
        {
            if (child.IsDir)
            {
                var grandChildren = await repository.ListAsync(child.Path, cancellationToken).ConfigureAwait(false);
                await DownloadTreeAsync(repository, child.Path, grandChildren, root, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DownloadFileAsync(repository, child.Path, root, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> DownloadFileAsync(IArtifactRepository repository, string path, string root, CancellationToken cancellationToken)
    {
        var target = LocalPath(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var input = await repository.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        await using var output = File.Create(target);
        await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        return target;
    }

    private static string LocalPath(string root, string relative) =>
        relative.Length == 0 ? root : Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
}
