using System.Text.Json;

namespace Gyre.Monitoring.Tests.Cli;

public class ValidateCommandTests
{
    private static (string Data, string Dir) Orders()
    {
        var dir = CliHarness.TempDir();
        var data = Path.Combine(dir, "orders.csv");
        File.WriteAllText(data, "id,amount,status\n1,10,new\n2,20,paid\n3,,paid\n4,40,lost\n");
        return (data, dir);
    }

    private static string Suite(string dir, string yaml)
    {
        var path = Path.Combine(dir, "suite.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task Passing_suite_exits_0()
    {
        var (data, dir) = Orders();
        var suite = Suite(dir, "columns:\n  id: [not_null, unique]\n  amount:\n    - between: {min: 0, max: 100}\n");
        Assert.Equal(0, (await CliHarness.RunAsync("validate", data, "--suite", suite)).ExitCode);
    }

    [Fact]
    public async Task Failing_suite_exits_1_and_writes_json_and_html()
    {
        var (data, dir) = Orders();
        var suite = Suite(dir, "suite: orders\ncolumns:\n  amount: [not_null]\n  status:\n    - in_set: [new, paid]\n");
        var json = Path.Combine(dir, "v.json");
        var html = Path.Combine(dir, "v.html");
        var (code, errors) = await CliHarness.RunAsync("validate", data, "--suite", suite, "--json", json, "--report", html);
        Assert.Equal(1, code);
        Assert.Equal("", errors);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        Assert.False(root.GetProperty("success").GetBoolean());
        Assert.Equal("orders", root.GetProperty("suite_name").GetString());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(1, results[0].GetProperty("unexpected_count").GetInt64());
        Assert.Equal(25.0, results[0].GetProperty("unexpected_percent").GetDouble());
        Assert.Equal(["lost"], results[1].GetProperty("unexpected_examples").EnumerateArray().Select(e => e.GetString()));
        var page = await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken);
        Assert.Contains("FAILED", page);
        Assert.Contains("lost", page);
    }

    [Fact]
    public async Task Bad_suite_missing_files_and_missing_suite_exit_2_naming_the_problem()
    {
        var (data, dir) = Orders();
        var bad = Suite(dir, "columns:\n  id:\n    - not_nul\n");
        var (code, errors) = await CliHarness.RunAsync("validate", data, "--suite", bad);
        Assert.Equal(2, code);
        Assert.Contains("suite.yaml line 3: unknown expectation 'not_nul'", errors);

        (code, errors) = await CliHarness.RunAsync("validate", data);
        Assert.Equal(2, code);
        Assert.Contains("--suite", errors);

        (code, errors) = await CliHarness.RunAsync("validate", Path.Combine(dir, "nope.csv"), "--suite", bad);
        Assert.Equal(2, code);

        (code, _) = await CliHarness.RunAsync("validate", data, "--suite", bad, "--bogus");
        Assert.Equal(2, code);
    }
}
