namespace Gyre.Artifacts;

/// <summary>
/// One entry of an artifact listing, shaped as MLflow's <c>FileInfo</c>: <see cref="Path"/> is relative to the
/// repository root and uses '/' separators; <see cref="FileSize"/> is null for directories.
/// </summary>
public sealed record ArtifactFileInfo(string Path, bool IsDir, long? FileSize);
