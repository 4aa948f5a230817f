using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Gyre.Client.Runs;

/// <summary>
/// The tags a run records about where it came from: MLflow's (<c>mlflow.user</c>, <c>mlflow.source.*</c>) so MLflow's UI
/// shows them, and Gyre's (git dirty flag, entry point, .NET runtime, OS, package versions, random seed).
/// Facts that cannot be found (no git, no repository) are left out, never guessed.
/// </summary>
public static class SystemTags
{
    public const string User = "mlflow.user";
    public const string SourceName = "mlflow.source.name";
    public const string SourceType = "mlflow.source.type";
    public const string GitCommit = "mlflow.source.git.commit";
    public const string RunName = "mlflow.runName";
    public const string ParentRunId = "mlflow.parentRunId";
    public const string GitDirty = "gyre.source.git.dirty";
    public const string EntryPoint = "gyre.source.entry_point";
    public const string DotnetRuntime = "gyre.runtime.dotnet";
    public const string OperatingSystem = "gyre.runtime.os";
    public const string ClientVersion = "gyre.client.version";
    public const string Packages = "gyre.runtime.packages";
    public const string RandomSeed = "gyre.random_seed";

    private const int MaxTagValueLength = 5000;

    /// <summary>The tags for a run started now, in this process.</summary>
    /// <param name="sourceDirectory">Where to look for the git repository; null: the current directory, then the entry assembly's.</param>
    public static async Task<Dictionary<string, string>> CollectAsync(string? runName, int? randomSeed, string? sourceDirectory, CancellationToken cancellationToken)
    {
        var entry = Assembly.GetEntryAssembly();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [User] = Environment.UserName,
            [SourceType] = "LOCAL",
            [SourceName] = SourceNameOf(entry),
            [DotnetRuntime] = RuntimeInformation.FrameworkDescription,
            [OperatingSystem] = $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})",
            [ClientVersion] = VersionOf(typeof(SystemTags).Assembly),
        };
        if (entry is not null)
        {
            tags[EntryPoint] = entry.EntryPoint is { } main ? $"{entry.GetName().Name}!{main.DeclaringType?.FullName}.{main.Name}" : entry.GetName().Name ?? "";
            var packages = PackagesOf(entry);
            if (packages.Length > 0) tags[Packages] = packages;
        }
        if (!string.IsNullOrEmpty(runName)) tags[RunName] = runName;
        if (randomSeed is { } seed) tags[RandomSeed] = seed.ToString(CultureInfo.InvariantCulture);

        var repositoryDirectory = sourceDirectory ?? Environment.CurrentDirectory;
        var commit = await GitAsync(repositoryDirectory, ["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false);
        if (commit is null && sourceDirectory is null && entry is not null && !string.IsNullOrEmpty(entry.Location))
        {
            repositoryDirectory = Path.GetDirectoryName(entry.Location)!;
            commit = await GitAsync(repositoryDirectory, ["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false);
        }
        if (commit is { Length: > 0 })
        {
            tags[GitCommit] = commit.Trim();
            var status = await GitAsync(repositoryDirectory, ["status", "--porcelain", "--untracked-files=no"], cancellationToken).ConfigureAwait(false);
            if (status is not null) tags[GitDirty] = status.Trim().Length > 0 ? "true" : "false";
        }
        return tags;
    }

    private static string SourceNameOf(Assembly? entry)
    {
        if (entry is not null && !string.IsNullOrEmpty(entry.Location)) return entry.Location;
        var args = Environment.GetCommandLineArgs();
        return args.Length > 0 ? args[0] : Environment.ProcessPath ?? "";
    }

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>The non-framework assemblies the entry assembly references, "Name=Version", for reproducing the run.</summary>
    private static string PackagesOf(Assembly entry)
    {
        var names = entry.GetReferencedAssemblies()
            .Where(a => a.Name is { } n && !n.StartsWith("System", StringComparison.Ordinal) && !n.StartsWith("Microsoft.", StringComparison.Ordinal)
                        && n is not "netstandard" and not "mscorlib")
            .Select(a => $"{a.Name}={a.Version}")
            .Order(StringComparer.Ordinal);
        var joined = string.Join(", ", names);
        return joined.Length <= MaxTagValueLength ? joined : joined[..MaxTagValueLength];
    }

    /// <summary>git's output, or null when git is missing, fails, or the folder is not in a repository.</summary>
    private static async Task<string?> GitAsync(string directory, string[] args, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory)) return null;
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start);
            if (process is null) return null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            await errors.ConfigureAwait(false);
            return process.ExitCode == 0 ? await output.ConfigureAwait(false) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
