using Gyre.Core.Errors;

namespace Gyre.Artifacts.Local;

/// <summary>
/// Artifacts in a local folder. Files are written to a temporary name in the target folder and renamed into
/// place, so a reader sees either the old file or the complete new one, never a partial write.
/// </summary>
public sealed class LocalArtifactRepository : IArtifactRepository
{
    private const string TempPrefix = ".gyre-tmp-";
    private const int BufferSize = 81920;

    public LocalArtifactRepository(string rootDirectory)
    {
        if (string.IsNullOrWhiteSpace(rootDirectory))
            throw GyreException.InvalidParameter("Artifact root directory must not be empty.");
        RootDirectory = Path.GetFullPath(rootDirectory);
        RootUri = new Uri(RootDirectory.EndsWith(Path.DirectorySeparatorChar) ? RootDirectory : RootDirectory + Path.DirectorySeparatorChar)
            .AbsoluteUri.TrimEnd('/');
    }

    /// <summary>The absolute folder artifacts are stored in.</summary>
    public string RootDirectory { get; }

    public string RootUri { get; }

    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = FullPath(ArtifactPath.ValidateFile(path));
        if (Directory.Exists(target))
            throw GyreException.InvalidParameter($"Cannot write artifact '{path}': a directory already exists at that path.");
        var folder = Path.GetDirectoryName(target)!;
        EnsureDirectory(folder, path);

        var temp = Path.Combine(folder, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(output, BufferSize, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public async Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(localFile))
            throw GyreException.NotFound($"Local file '{localFile}' does not exist.");
        await using var input = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await PutAsync(path, input, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = FullPath(ArtifactPath.ValidateFile(path));
        if (!File.Exists(full))
            throw GyreException.NotFound($"Artifact '{path}' does not exist.");
        try
        {
            Stream stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (FileNotFoundException)
        {
            throw GyreException.NotFound($"Artifact '{path}' does not exist.");
        }
    }

    public Task<bool> FileExistsAsync(string path, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(FullPath(ArtifactPath.ValidateFile(path))));

    public Task<IReadOnlyList<ArtifactFileInfo>> ListAsync(string? directory = null, CancellationToken cancellationToken = default)
    {
        var relative = ArtifactPath.Validate(directory);
        var full = FullPath(relative);
        if (!Directory.Exists(full))
            return Task.FromResult<IReadOnlyList<ArtifactFileInfo>>([]);

        var entries = new List<ArtifactFileInfo>();
        foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith(TempPrefix, StringComparison.Ordinal)) continue;
            var path = ArtifactPath.Combine(relative, entry.Name);
            entries.Add(entry is FileInfo file ? new ArtifactFileInfo(path, false, file.Length) : new ArtifactFileInfo(path, true, null));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult<IReadOnlyList<ArtifactFileInfo>>(entries);
    }

    public Task DeleteAsync(string? path, CancellationToken cancellationToken = default)
    {
        var relative = ArtifactPath.Validate(path);
        var full = FullPath(relative);
        if (File.Exists(full))
        {
            File.Delete(full);
        }
        else if (Directory.Exists(full))
        {
            if (relative.Length == 0)
            {
                // Keep the root folder itself; empty it.
                foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo dir) dir.Delete(recursive: true);
                    else entry.Delete();
                }
            }
            else
            {
                Directory.Delete(full, recursive: true);
            }
        }
        return Task.CompletedTask;
    }

    private string FullPath(string relative)
    {
        if (relative.Length == 0) return RootDirectory;
        var full = Path.GetFullPath(Path.Combine(RootDirectory, relative.Replace('/', Path.DirectorySeparatorChar)));
        // Defence in depth: validation already rejects '..', but never step outside the root.
        if (!full.StartsWith(RootDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw GyreException.InvalidParameter($"Invalid artifact path '{relative}': it leaves the artifact root.");
        return full;
    }

    private static void EnsureDirectory(string folder, string path)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (IOException ex)
        {
            throw GyreException.InvalidParameter($"Cannot write artifact '{path}': a file is in the way of its folder ({ex.Message}).");
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
