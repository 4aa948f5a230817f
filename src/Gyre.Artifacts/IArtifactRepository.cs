namespace Gyre.Artifacts;

/// <summary>
/// A place artifacts live (a local folder, an S3 prefix). Every path is relative to the repository root,
/// '/'-separated and checked by <see cref="ArtifactPath"/>; a bad path is a GyreException INVALID_PARAMETER_VALUE,
/// a missing file a GyreException RESOURCE_DOES_NOT_EXIST.
/// </summary>
public interface IArtifactRepository
{
    /// <summary>The URI this repository was made from (e.g. <c>file:///data/artifacts</c>, <c>s3://bucket/prefix</c>).</summary>
    string RootUri { get; }

    /// <summary>Writes <paramref name="content"/> (read to its end) at <paramref name="path"/>, replacing any file there.
    /// Readers never see a half-written file.</summary>
    Task PutAsync(string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Copies the local file <paramref name="localFile"/> to <paramref name="path"/>.</summary>
    Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default);

    /// <summary>Opens the file at <paramref name="path"/> for reading; the caller disposes the stream.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Whether a file (not a directory) exists at <paramref name="path"/>.</summary>
    Task<bool> FileExistsAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The direct children of the directory <paramref name="directory"/> (null or empty: the root), sorted by path.
    /// A directory that does not exist lists as empty, as in MLflow.</summary>
    Task<IReadOnlyList<ArtifactFileInfo>> ListAsync(string? directory = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the file at <paramref name="path"/>, or everything under it when it is a directory
    /// (null or empty: everything in the repository). Deleting nothing is not an error.</summary>
    Task DeleteAsync(string? path, CancellationToken cancellationToken = default);
}
