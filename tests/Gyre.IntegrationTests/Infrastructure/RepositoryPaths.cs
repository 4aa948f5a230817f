namespace Gyre.IntegrationTests.Infrastructure;

/// <summary>Finds files of the repository the tests were built from (the folder holding Gyre.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Locate();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Where scripts/install-test-deps.sh installs the npm test tools.</summary>
    public static string NodeModules => PathOf(".tools", "node_modules");

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gyre.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Cannot find the repository root (Gyre.sln) above " + AppContext.BaseDirectory);
    }
}
