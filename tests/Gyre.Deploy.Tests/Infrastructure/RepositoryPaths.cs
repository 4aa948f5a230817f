namespace Gyre.Deploy.Tests.Infrastructure;

/// <summary>Finds files of the repository the tests were built from (the folder holding Gyre.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Locate();

    public static string Deploy => PathOf("deploy");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path relative to the repository root with forward slashes, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gyre.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Cannot find the repository root (Gyre.sln) above " + AppContext.BaseDirectory);
    }
}
