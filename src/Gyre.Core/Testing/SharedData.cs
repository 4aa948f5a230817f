namespace Gyre.Core.Testing;

/// <summary>
/// Locates the <c>shared/</c> folder (reference data, benchmarks) that sits beside the repository,
/// or wherever <c>GYRE_SHARED_DIR</c> points, without machine-specific paths.
/// </summary>
public static class SharedData
{
    public static string Root { get; } = Locate();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("GYRE_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "reference"))) return candidate;
            var sibling = Path.Combine(dir.FullName, "..", "shared");
            if (Directory.Exists(Path.Combine(sibling, "reference")) && File.Exists(Path.Combine(dir.FullName, "Gyre.sln")))
                return Path.GetFullPath(sibling);
        }
        throw new DirectoryNotFoundException(
            "Cannot find the shared/ reference folder beside the repository; set GYRE_SHARED_DIR.");
    }
}
