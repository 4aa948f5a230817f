using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gyre.Deploy.Tests.Infrastructure;

/// <summary>
/// The real <c>gyre</c> (gyre.dll built beside the tests) and checks of command lines against its own help:
/// every verb must be a command it lists and every --flag an option that command accepts.
/// </summary>
public static partial class GyreCli
{
    private static readonly ConcurrentDictionary<string, string> HelpCache = new();

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "gyre.dll");

    /// <summary>Runs gyre with <paramref name="arguments"/>; returns the exit code and stdout + stderr.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet gyre.dll");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// What is wrong with <c>gyre &lt;arguments&gt;</c>: an unknown verb, no verb at all, or a --flag the verb does
    /// not accept. Empty when the command line names a real verb with real flags.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<string> arguments)
    {
        var problems = new List<string>();
        var path = new List<string>();
        var commands = Commands(Help(path));
        var i = 0;
        for (; i < arguments.Count && !arguments[i].StartsWith('-'); i++)
        {
            if (!commands.Contains(arguments[i])) break;
            path.Add(arguments[i]);
            commands = Commands(Help(path));
        }
        if (path.Count == 0)
        {
            problems.Add($"'gyre {string.Join(' ', arguments)}' names no gyre verb");
            return problems;
        }
        if (!HasAction(path))
            problems.Add($"'gyre {string.Join(' ', path)}' needs a sub-command ({string.Join(", ", commands)})");
        var options = Options(Help(path));
        foreach (var argument in arguments.Skip(i).Where(a => a.StartsWith('-') && a != "-"))
        {
            var flag = argument.Split('=', 2)[0];
            if (!options.Contains(flag)) problems.Add($"'gyre {string.Join(' ', path)}' has no option {flag}");
        }
        return problems;
    }

    private static bool HasAction(List<string> path) => Usage().Match(Help(path)) is { Success: true } usage && !usage.Value.Contains("[command]", StringComparison.Ordinal);

    private static string Help(List<string> path) =>
        HelpCache.GetOrAdd(string.Join(' ', path), _ =>
        {
            var (code, output) = Run([.. path, "--help"]);
            return code == 0 ? output : throw new InvalidOperationException($"gyre {string.Join(' ', path)} --help exited {code}: {output}");
        });

    /// <summary>The names in the help's "Commands:" section.</summary>
    private static HashSet<string> Commands(string help) => Section(help, "Commands:")
        .Select(line => line.TrimStart().Split(' ', 2)[0]).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every -x / --name spelled in the help's "Options:" section.</summary>
    private static HashSet<string> Options(string help) => Section(help, "Options:")
        .SelectMany(line => OptionName().Matches(line.Split("  ", StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "").Select(m => m.Value))
        .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Section(string help, string header)
    {
        var inSection = false;
        foreach (var line in help.Split('\n'))
        {
            if (line.TrimEnd() == header)
            {
                inSection = true;
                continue;
            }
            if (!inSection) continue;
            if (line.Trim().Length == 0) yield break;
            if (line.StartsWith("  ", StringComparison.Ordinal)) yield return line.TrimEnd();
        }
    }

    [GeneratedRegex(@"(?<![\w-])--?[a-zA-Z?][\w-]*")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"(?m)^Usage:\s*\n\s*(.+)$")]
    private static partial Regex Usage();
}
