using System.CommandLine;
using Gyre.Client.Protocol;
using Spectre.Console;

namespace Gyre.Cli.Commands.Tracking;

/// <summary><c>gyre experiments list|create|delete</c>.</summary>
internal static class ExperimentsCommand
{
    public static Command Create(Option<string> trackingUri)
    {
        var command = new Command("experiments", "List, create and delete experiments on a tracking server.");
        command.Subcommands.Add(List(trackingUri));
        command.Subcommands.Add(CreateVerb(trackingUri));
        command.Subcommands.Add(Delete(trackingUri));
        return command;
    }

    private static Command List(Option<string> trackingUri)
    {
        var view = new Option<string>("--view") { Description = "Which experiments: active, deleted or all.", DefaultValueFactory = _ => "active" };
        view.AcceptOnlyFromAmong("active", "deleted", "all");
        var filter = new Option<string?>("--filter") { Description = "MLflow search filter, e.g. \"name LIKE 'churn%'\"." };
        var command = new Command("list", "List experiments.") { view, filter };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var viewType = parse.GetValue(view) switch { "deleted" => ViewType.DeletedOnly, "all" => ViewType.All, _ => ViewType.ActiveOnly };
            var table = new Table().AddColumns("ID", "Name", "Stage", "Artifact location", "Created (UTC)");
            var count = 0;
            await foreach (var experiment in client.SearchAllExperimentsAsync(parse.GetValue(filter), ["name ASC"], viewType, ct))
            {
                table.AddRow(TrackingCli.Escape(experiment.ExperimentId), TrackingCli.Escape(experiment.Name), TrackingCli.Escape(experiment.LifecycleStage),
                    TrackingCli.Escape(experiment.ArtifactLocation), TrackingCli.Time(experiment.CreationTime));
                count++;
            }
            if (count == 0) console.WriteLine("No experiments.");
            else console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command CreateVerb(Option<string> trackingUri)
    {
        var name = new Argument<string>("name") { Description = "Name of the new experiment." };
        var artifactLocation = new Option<string?>("--artifact-location") { Description = "Artifact root for the experiment's runs (default: the server's)." };
        var command = new Command("create", "Create an experiment and print its id.") { name, artifactLocation };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var id = await client.CreateExperimentAsync(parse.GetValue(name)!, parse.GetValue(artifactLocation), cancellationToken: ct);
            console.WriteLine($"Created experiment '{parse.GetValue(name)}' with id {id}");
            return 0;
        });
        return command;
    }

    private static Command Delete(Option<string> trackingUri)
    {
        var experiment = new Argument<string>("experiment") { Description = "Experiment id or name." };
        var command = new Command("delete", "Mark an experiment (and its runs) deleted; restorable until garbage-collected.") { experiment };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var found = await TrackingCli.FindExperimentAsync(client, parse.GetValue(experiment)!, ct);
            await client.DeleteExperimentAsync(found.ExperimentId, ct);
            console.WriteLine($"Deleted experiment '{found.Name}' (id {found.ExperimentId})");
            return 0;
        });
        return command;
    }
}
