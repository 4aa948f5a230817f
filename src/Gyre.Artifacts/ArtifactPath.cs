using Gyre.Core.Errors;

namespace Gyre.Artifacts;

/// <summary>
/// Checks artifact paths before they touch storage: relative, '/'-separated, no '..' or '.' segments,
/// no backslashes, no empty segments, no control characters. A single trailing '/' is tolerated and dropped.
/// </summary>
public static class ArtifactPath
{
    /// <summary>The normalized path of a file; the path must not be empty.</summary>
    public static string ValidateFile(string? path)
    {
        var normalized = Validate(path);
        if (normalized.Length == 0)
            throw GyreException.InvalidParameter("Artifact path must not be empty.");
        return normalized;
    }

    /// <summary>The normalized path; null or empty means the repository root and becomes "".</summary>
    public static string Validate(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "";
        if (path.Contains('\\'))
            throw GyreException.InvalidParameter($"Invalid artifact path '{path}': backslashes are not allowed; use '/'.");
        if (path.StartsWith('/') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':'))
            throw GyreException.InvalidParameter($"Invalid artifact path '{path}': it must be relative, not absolute.");
        if (path.Contains("://", StringComparison.Ordinal))
            throw GyreException.InvalidParameter($"Invalid artifact path '{path}': it must be a relative path, not a URI.");
        foreach (var c in path)
        {
            if (char.IsControl(c))
                throw GyreException.InvalidParameter($"Invalid artifact path '{path}': control characters are not allowed.");
        }

        var trimmed = path.EndsWith('/') ? path[..^1] : path;
        foreach (var segment in trimmed.Split('/'))
        {
            if (segment.Length == 0)
                throw GyreException.InvalidParameter($"Invalid artifact path '{path}': empty path segments ('//') are not allowed.");
            if (segment is ".." or ".")
                throw GyreException.InvalidParameter($"Invalid artifact path '{path}': '{segment}' segments are not allowed.");
        }
        return trimmed;
    }

    /// <summary>Joins a validated directory and a child name with '/'.</summary>
    public static string Combine(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;
}
