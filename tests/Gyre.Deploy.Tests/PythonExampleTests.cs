using System.Diagnostics;
using Gyre.Deploy.Tests.Infrastructure;

namespace Gyre.Deploy.Tests;

/// <summary>The Python example compiles (mlflow itself is not installable here, so it is not run).</summary>
public sealed class PythonExampleTests
{
    [Fact]
    public void Example_script_compiles_with_python3()
    {
        var script = RepositoryPaths.PathOf("examples", "python", "log_to_gyre.py");
        var cache = Directory.CreateTempSubdirectory("gyre-pycompile-").FullName;
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-m");
            start.ArgumentList.Add("py_compile");
            start.ArgumentList.Add(script);
            start.Environment["PYTHONPYCACHEPREFIX"] = cache; // keep __pycache__ out of the repository
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Example_uses_the_mlflow_client_calls_the_readme_promises()
    {
        var script = File.ReadAllText(RepositoryPaths.PathOf("examples", "python", "log_to_gyre.py"));
        string[] calls =
        [
            "mlflow.set_tracking_uri(", "mlflow.set_experiment(", "mlflow.start_run(", "mlflow.log_params(", "mlflow.log_metric(",
            "step=", "mlflow.set_tags(", "mlflow.log_artifacts(", "create_model_version(", "set_registered_model_alias(",
        ];
        Assert.All(calls, call => Assert.Contains(call, script));
    }
}
