using System.Diagnostics;
using Gyre.Core.Testing;

namespace Gyre.Deploy.Tests.Infrastructure;

/// <summary>
/// A temp folder laid out as the retraining steps expect: train/valid/holdout CSV slices of the reference churn
/// data, a work folder, and a bin/ folder whose <c>gyre</c> runs the real gyre.dll, so shell scripts from the
/// assets run unchanged with that folder first on PATH.
/// </summary>
public sealed class RetrainingWorkspace : IDisposable
{
    public RetrainingWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("gyre-retrain-").FullName;
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(BinDirectory);
        var lines = File.ReadLines(SharedData.PathOf("reference", "models", "datasets", "churn_encoded_train.csv")).Take(5001).ToList();
        File.WriteAllLines(Path.Combine(DataDirectory, "train.csv"), lines.Take(3001));
        File.WriteAllLines(Path.Combine(DataDirectory, "valid.csv"), lines.Take(1).Concat(lines.Skip(3001).Take(1000)));
        File.WriteAllLines(Path.Combine(DataDirectory, "holdout.csv"), lines.Take(1).Concat(lines.Skip(4001).Take(1000)));
        var gyre = Path.Combine(BinDirectory, "gyre");
        File.WriteAllText(gyre, $"#!/bin/sh\nexec dotnet '{GyreCli.DllPath}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(gyre, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string BinDirectory => Path.Combine(Root, "bin");

    /// <summary>Runs a script with bash (-eo pipefail, as GitHub Actions' `shell: bash` does) in <see cref="Root"/>.</summary>
    public (int ExitCode, string Output) RunBash(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (var argument in new[] { "--noprofile", "--norc", "-eo", "pipefail", "-c", script }) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["PATH"] = BinDirectory + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
