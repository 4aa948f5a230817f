using System.Security.Cryptography;
using System.Text;
using Gyre.Artifacts;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Tracking.LoggedModels;
using Gyre.Tracking.Registry;
using Gyre.Tracking.Stores;

namespace Gyre.Serving.Deployments;

/// <summary>
/// Resolves variants' model URIs. A path (or <c>file://</c>) loads directly and is reported under its file
/// name. A <c>models:/</c> URI resolves through the registry to a version, whose source may be a local
/// path, <c>file://</c>, <c>s3://</c>, <c>mlflow-artifacts:/</c> (the server's artifact destination) or
/// <c>runs:/RUN/path</c>; remote files are copied to a local cache folder first. Reported under the
/// registered version number. MLflow 3's <c>models:/m-&lt;id&gt;</c> (a logged model, reported under its id) and
/// versions registered from a logged model load from the logged model's artifact location.
/// </summary>
public sealed class ModelSource(
    ModelLoader loader,
    IModelRegistryStore? registry = null,
    ITrackingStore? tracking = null,
    IArtifactRepository? artifactDestination = null,
    string? cacheDirectory = null) : IModelSource
{
    private readonly string _cache = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "gyre-model-cache");

    public async Task<LoadedModel> LoadAsync(string modelUri, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(modelUri)) throw GyreException.InvalidParameter("A variant's model_uri must not be empty.");
        if (modelUri.StartsWith("models:/", StringComparison.Ordinal))
        {
            if (registry is null)
                throw GyreException.InvalidParameter(
                    $"Model URI '{modelUri}' needs a model registry; start the server with a --backend-store-uri.");
            // MLflow 3: models:/m-<id> names a logged model, and a version registered from one keeps its files there.
            var resolver = new ModelUriResolver(registry, tracking as ILoggedModelStore);
            string label, location;
            if (LoggedModelUri.TryParseModelId(modelUri) is { } modelId)
            {
                (label, location) = (modelId, (await resolver.ResolveLoggedModelAsync(modelUri, ct).ConfigureAwait(false)).Info.ArtifactLocation);
            }
            else
            {
                var version = await resolver.ResolveAsync(modelUri, ct).ConfigureAwait(false);
                (label, location) = (version.Version, await resolver.DownloadUriOfAsync(version, ct).ConfigureAwait(false));
            }
            var local = await LocalFolderAsync(location, ct).ConfigureAwait(false);
            return new LoadedModel(Load(local, modelUri), label, location);
        }
        if (modelUri.StartsWith("runs:/", StringComparison.Ordinal) || modelUri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
            || modelUri.StartsWith("mlflow-artifacts:", StringComparison.OrdinalIgnoreCase))
        {
            var local = await LocalFolderAsync(modelUri, ct).ConfigureAwait(false);
            return new LoadedModel(Load(local, modelUri), Label(modelUri), modelUri);
        }
        var path = LocalPath(modelUri);
        return new LoadedModel(Load(path, modelUri), Label(path), path);
    }

    /// <summary>A local path holding the artifact at <paramref name="artifactUri"/>: a path, <c>file:</c>, <c>runs:/</c>, <c>s3://</c> or <c>mlflow-artifacts:</c>.</summary>
    public Task<string> FetchAsync(string artifactUri, CancellationToken ct) => LocalFolderAsync(artifactUri, ct);

    private IModel Load(string path, string modelUri)
    {
        try
        {
            return loader.Load(path);
        }
        catch (GyreException e)
        {
            throw new GyreException(e.Code, $"Cannot load model '{modelUri}': {e.Message}", e);
        }
    }

    /// <summary>A local folder or file holding the source's files, copying remote ones into the cache.</summary>
    private async Task<string> LocalFolderAsync(string source, CancellationToken ct)
    {
        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            if (tracking is null) throw GyreException.InvalidParameter($"Model source '{source}' needs a tracking store to find its run.");
            var rest = source["runs:/".Length..].Trim('/');
            var slash = rest.IndexOf('/');
            var runId = slash < 0 ? rest : rest[..slash];
            var inner = slash < 0 ? "" : rest[(slash + 1)..];
            var run = await tracking.GetRunAsync(runId, ct).ConfigureAwait(false);
            var artifactUri = run.Info.ArtifactUri.TrimEnd('/');
            return await LocalFolderAsync(inner.Length == 0 ? artifactUri : artifactUri + "/" + inner, ct).ConfigureAwait(false);
        }
        IArtifactRepository repository;
        string root;
        if (source.StartsWith("mlflow-artifacts:", StringComparison.OrdinalIgnoreCase))
        {
            if (artifactDestination is null)
                throw GyreException.InvalidParameter($"Model source '{source}' is in the artifact proxy, but this server has no --artifacts-destination.");
            var path = source["mlflow-artifacts:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                var slash = path.IndexOf('/', 2);
                path = slash < 0 ? "" : path[slash..];
            }
            repository = artifactDestination;
            root = ArtifactPath.Validate(path.Trim('/'));
        }
        else if (source.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            repository = ArtifactRepositoryFactory.Create(source);
            root = "";
        }
        else
        {
            return LocalPath(source);
        }

        var target = Path.Combine(_cache, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..16].ToLowerInvariant());
        if (Directory.Exists(target)) return SingleFileOrFolder(target);
        var staging = target + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            var copied = await CopyTreeAsync(repository, root, staging, ct).ConfigureAwait(false);
            if (copied == 0 && root.Length > 0 && await repository.FileExistsAsync(root, ct).ConfigureAwait(false))
                copied = await CopyFileAsync(repository, root, Path.Combine(staging, Path.GetFileName(root)), ct).ConfigureAwait(false);
            if (copied == 0) throw GyreException.NotFound($"Model source '{source}' holds no files.");
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another load of the same source got there first; its copy is as good.
                Directory.Delete(staging, recursive: true);
            }
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        return SingleFileOrFolder(target);
    }

    /// <summary>A folder with one model file and nothing else is that file (a logged bare ONNX file).</summary>
    private static string SingleFileOrFolder(string folder)
    {
        var entries = Directory.GetFileSystemEntries(folder);
        return entries.Length == 1 && File.Exists(entries[0]) && !File.Exists(Path.Combine(folder, "MLmodel")) ? entries[0] : folder;
    }

    private static async Task<int> CopyTreeAsync(IArtifactRepository repository, string directory, string target, CancellationToken ct)
    {
        var copied = 0;
        foreach (var entry in await repository.ListAsync(directory, ct).ConfigureAwait(false))
        {
            var name = entry.Path[(entry.Path.LastIndexOf('/') + 1)..];
            var local = Path.Combine(target, name);
            if (entry.IsDir)
            {
                Directory.CreateDirectory(local);
                copied += await CopyTreeAsync(repository, entry.Path, local, ct).ConfigureAwait(false);
            }
            else
            {
                copied += await CopyFileAsync(repository, entry.Path, local, ct).ConfigureAwait(false);
            }
        }
        return copied;
    }

    private static async Task<int> CopyFileAsync(IArtifactRepository repository, string path, string local, CancellationToken ct)
    {
        await using var input = await repository.OpenReadAsync(path, ct).ConfigureAwait(false);
        await using var output = File.Create(local);
        await input.CopyToAsync(output, ct).ConfigureAwait(false);
        return 1;
    }

    private static string LocalPath(string uri) =>
        uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.LocalPath : uri;

    /// <summary>
    /// The version label of a model given by path: its file or folder name, or its folder's name when the file
    /// is just called "model" (model.onnx, model.json).
    /// </summary>
    private static string Label(string path)
    {
        var trimmed = path.TrimEnd('/');
        var name = Path.GetFileNameWithoutExtension(trimmed);
        if (name.Equals("model", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(Path.GetDirectoryName(trimmed)) is { Length: > 0 } folder)
            return folder;
        return name.Length > 0 ? name : "1";
    }
}
