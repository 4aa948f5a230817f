using System.CommandLine;
using Gyre.Client;
using Gyre.Client.Protocol;
using Gyre.Core.Errors;
using Spectre.Console;

namespace Gyre.Cli.Commands.Tracking;

/// <summary><c>gyre runs list|show|compare</c>.</summary>
internal static class RunsCommand
{
    public static Command Create(Option<string> trackingUri)
    {
        var command = new Command("runs", "List, inspect and compare runs on a tracking server.");
        command.Subcommands.Add(List(trackingUri));
        command.Subcommands.Add(Show(trackingUri));
        command.Subcommands.Add(Compare(trackingUri));
        return command;
    }

    private static Command List(Option<string> trackingUri)
    {
        var experiment = new Option<string>("--experiment", "-e") { Description = "Experiment id or name.", Required = true };
        var filter = new Option<string?>("--filter") { Description = "MLflow search filter, e.g. \"metrics.auc > 0.8 and params.depth = '6'\"." };
        var orderBy = new Option<string?>("--order-by") { Description = "Ordering, e.g. \"metrics.auc DESC\" (default: newest first)." };
        var max = new Option<int>("--max") { Description = "Most runs to show.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List the runs of an experiment.") { experiment, filter, orderBy, max };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var found = await TrackingCli.FindExperimentAsync(client, parse.GetValue(experiment)!, ct);
            var order = parse.GetValue(orderBy) is { Length: > 0 } o ? new[] { o } : ["attributes.start_time DESC"];
            var limit = Math.Max(1, parse.GetValue(max));
            var runs = new List<Run>();
            await foreach (var run in client.SearchAllRunsAsync([found.ExperimentId], parse.GetValue(filter), order, ViewType.ActiveOnly, ct))
            {
                runs.Add(run);
                if (runs.Count >= limit) break;
            }
            if (runs.Count == 0)
            {
                console.WriteLine($"No runs in experiment '{found.Name}'.");
                return 0;
            }
            var metricKeys = runs.SelectMany(r => r.Data.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).Take(6).ToList();
            var table = new Table().AddColumns("Run ID", "Name", "Status", "Started (UTC)");
            foreach (var key in metricKeys) table.AddColumn(TrackingCli.Escape(key));
            foreach (var run in runs)
            {
                var metrics = run.LatestMetrics;
                var cells = new List<string> { run.Info.RunId, TrackingCli.Escape(run.Info.RunName), run.Info.Status.ToString().ToUpperInvariant(), TrackingCli.Time(run.Info.StartTime) };
                cells.AddRange(metricKeys.Select(k => metrics.TryGetValue(k, out var v) ? TrackingCli.Number(v) : ""));
                table.AddRow(cells.ToArray());
            }
            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show(Option<string> trackingUri)
    {
        var runId = new Argument<string>("run-id") { Description = "The run to show." };
        var command = new Command("show", "Show a run: info, params, latest metrics and tags.") { runId };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var run = await client.GetRunAsync(parse.GetValue(runId)!, ct);
            var info = run.Info;
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Run ID", info.RunId);
            grid.AddRow("Name", TrackingCli.Escape(info.RunName));
            grid.AddRow("Experiment", info.ExperimentId);
            grid.AddRow("Status", info.Status.ToString().ToUpperInvariant());
            grid.AddRow("Started (UTC)", TrackingCli.Time(info.StartTime));
            grid.AddRow("Ended (UTC)", TrackingCli.Time(info.EndTime));
            grid.AddRow("User", TrackingCli.Escape(info.UserId));
            grid.AddRow("Artifacts", TrackingCli.Escape(info.ArtifactUri));
            console.Write(grid);
            console.WriteLine();
            console.Write(KeyValues("Param", run.Data.Params.Select(p => (p.Key, p.Value))));
            console.Write(KeyValues("Metric", run.Data.Metrics.Select(m => (m.Key, $"{TrackingCli.Number(m.Value)} (step {m.Step})"))));
            console.Write(KeyValues("Tag", run.Data.Tags.Select(t => (t.Key, t.Value))));
            return 0;
        });
        return command;
    }

    private static Command Compare(Option<string> trackingUri)
    {
        var runIds = new Argument<string[]>("run-ids") { Description = "Two or more run ids.", Arity = new ArgumentArity(2, 100) };
        var command = new Command("compare", "Compare the params and metrics of two or more runs side by side.") { runIds };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var ids = parse.GetValue(runIds)!;
            if (ids.Distinct().Count() < 2) throw GyreException.InvalidParameter("Compare needs at least two different run ids.");
            var runs = new List<Run>();
            foreach (var id in ids) runs.Add(await client.GetRunAsync(id, ct));
            console.Write(CompareTable(runs));
            return 0;
        });
        return command;
    }

    /// <summary>Rows: each param, then each metric; columns: the runs. Values that differ between runs are highlighted.</summary>
    internal static Table CompareTable(IReadOnlyList<Run> runs)
    {
        var table = new Table().AddColumn("");
        foreach (var run in runs)
            table.AddColumn(new TableColumn($"{TrackingCli.Escape(run.Info.RunName ?? "")}\n{run.Info.RunId}"));

        var paramMaps = runs.Select(r => r.Params).ToList();
        foreach (var key in paramMaps.SelectMany(p => p.Keys).Distinct().Order(StringComparer.Ordinal))
            AddRow(table, $"param {key}", paramMaps.Select(p => p.TryGetValue(key, out var v) ? v : null).ToList());

        var metricMaps = runs.Select(r => r.LatestMetrics).ToList();
        foreach (var key in metricMaps.SelectMany(m => m.Keys).Distinct().Order(StringComparer.Ordinal))
            AddRow(table, $"metric {key}", metricMaps.Select(m => m.TryGetValue(key, out var v) ? TrackingCli.Number(v) : null).ToList());
        return table;
    }

    private static void AddRow(Table table, string label, IReadOnlyList<string?> values)
    {
        var differs = values.Distinct().Count() > 1;
        var cells = new List<string> { TrackingCli.Escape(label) };
        cells.AddRange(values.Select(v => v is null ? "-" : differs ? $"[yellow]{TrackingCli.Escape(v)}[/]" : TrackingCli.Escape(v)));
        table.AddRow(cells.ToArray());
    }

    private static Table KeyValues(string title, IEnumerable<(string Key, string Value)> rows)
    {
        var table = new Table().AddColumns(title, "Value");
        var any = false;
        foreach (var (key, value) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            table.AddRow(TrackingCli.Escape(key), TrackingCli.Escape(value));
            any = true;
        }
        if (!any) table.AddRow($"(no {title.ToLowerInvariant()}s)", "");
        return table;
    }
}
