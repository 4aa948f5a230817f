using System.Text.Json;
using Gyre.Core.Testing;

namespace Gyre.Monitoring.Tests.Cli;

public class DriftCommandTests
{
    private static string Data(string file) => SharedData.PathOf("reference", "stats", "drift_datasets", file);

    [Fact]
    public async Task Drift_writes_html_and_json_with_the_reference_numbers()
    {
        var dir = CliHarness.TempDir();
        var html = Path.Combine(dir, "drift.html");
        var json = Path.Combine(dir, "out", "drift.json");
        var (code, errors) = await CliHarness.RunAsync("drift", Data("reference.csv"), Data("current.csv"),
            "--report", html, "--json", json, "--prediction", "prediction", "--target", "target");
        Assert.Equal(0, code);
        Assert.Equal("", errors);

        var page = await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken);
        Assert.Contains("<svg", page);
        Assert.Contains("feat_normal", page);
        Assert.Contains("DETECTED", page);
        Assert.DoesNotContain("<script", page);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("dataset_drift").GetBoolean());
        Assert.Equal(5, root.GetProperty("drifted_columns").GetInt32());
        Assert.True(root.GetProperty("prediction_drifted").GetBoolean());
        Assert.False(root.GetProperty("target_drifted").GetBoolean());
        var feat = root.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("column").GetString() == "feat_normal");
        Assert.Equal("wasserstein_normed", feat.GetProperty("method").GetString());
        Assert.Equal(0.3663046667588403, feat.GetProperty("statistic").GetDouble(), 12);
        Assert.Equal("evaluated", feat.GetProperty("status").GetString());
        Assert.Equal("statistic > 0.1", feat.GetProperty("drift_rule").GetString());
    }

    [Fact]
    public async Task Fail_on_drift_exits_1_only_when_the_dataset_drifted()
    {
        Assert.Equal(1, (await CliHarness.RunAsync("drift", Data("reference.csv"), Data("current.csv"), "--fail-on-drift")).ExitCode);
        // The small pair drifts in 4 of 9 columns: below the 0.5 share.
        Assert.Equal(0, (await CliHarness.RunAsync("drift", Data("reference_small.csv"), Data("current_small.csv"), "--fail-on-drift")).ExitCode);
        // A lower share threshold turns the same result into dataset drift.
        Assert.Equal(1, (await CliHarness.RunAsync("drift", Data("reference_small.csv"), Data("current_small.csv"), "--fail-on-drift", "--drift-share", "0.4")).ExitCode);
    }

    [Fact]
    public async Task Per_column_method_threshold_and_column_selection_reach_the_json()
    {
        var dir = CliHarness.TempDir();
        var json = Path.Combine(dir, "drift.json");
        var (code, _) = await CliHarness.RunAsync("drift", Data("reference.csv"), Data("current.csv"),
            "--columns", "feat_normal,cat_color", "--method", "feat_normal=psi", "--threshold", "feat_normal=0.5", "--json", json);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var columns = doc.RootElement.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["feat_normal", "cat_color"], columns.Select(c => c.GetProperty("column").GetString()));
        Assert.Equal("psi", columns[0].GetProperty("method").GetString());
        Assert.Equal(0.5, columns[0].GetProperty("threshold").GetDouble());
        Assert.False(columns[0].GetProperty("drift").GetBoolean()); // PSI of a 0.35 sd shift is below 0.5
        Assert.Equal("jensenshannon", columns[1].GetProperty("method").GetString());
    }

    [Theory]
    [InlineData("drift", "missing.csv", "current.csv")]
    [InlineData("drift", "reference.csv", "current.csv", "--method", "feat_normal=bogus")]
    [InlineData("drift", "reference.csv", "current.csv", "--threshold", "x=abc")]
    [InlineData("drift", "reference.csv", "current.csv", "--columns", "no_such_column")]
    [InlineData("drift", "reference.csv", "current.csv", "--no-such-flag")]
    [InlineData("drift", "reference.csv")]
    public async Task Usage_and_input_errors_exit_2_with_a_message(params string[] args)
    {
        var resolved = args.Select(a => a.EndsWith(".csv", StringComparison.Ordinal) ? Data(a) : a).ToArray();
        var (code, errors) = await CliHarness.RunAsync(resolved);
        Assert.Equal(2, code);
        Assert.StartsWith("gyre drift: ", errors);
    }
}
