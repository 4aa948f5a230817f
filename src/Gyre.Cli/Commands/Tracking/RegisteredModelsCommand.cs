using System.CommandLine;
using Gyre.Client.Registry;
using Spectre.Console;

namespace Gyre.Cli.Commands.Tracking;

/// <summary><c>gyre models list|show|transition|alias</c>: the model registry.</summary>
internal static class RegisteredModelsCommand
{
    /// <summary>Adds the registry verbs to <paramref name="models"/> (shared with other areas' model verbs).</summary>
    public static void AddTo(Command models, Option<string> trackingUri)
    {
        models.Subcommands.Add(List(trackingUri));
        models.Subcommands.Add(Show(trackingUri));
        models.Subcommands.Add(Transition(trackingUri));
        models.Subcommands.Add(Alias(trackingUri));
    }

    private static Command List(Option<string> trackingUri)
    {
        var filter = new Option<string?>("--filter") { Description = "MLflow filter, e.g. \"name LIKE 'churn%'\"." };
        var command = new Command("list", "List registered models.") { filter };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var table = new Table().AddColumns("Name", "Latest versions", "Aliases", "Updated (UTC)", "Description");
            var count = 0;
            await foreach (var model in client.Registry.SearchAllRegisteredModelsAsync(parse.GetValue(filter), ["name ASC"], ct))
            {
                var latest = string.Join(", ", model.LatestVersions.Select(v => $"v{v.Version} ({v.CurrentStage})"));
                var aliases = string.Join(", ", model.Aliases.Select(a => $"{a.Alias} → v{a.Version}"));
                table.AddRow(TrackingCli.Escape(model.Name), TrackingCli.Escape(latest), TrackingCli.Escape(aliases),
                    TrackingCli.Time(model.LastUpdatedTimestamp), TrackingCli.Escape(model.Description));
                count++;
            }
            if (count == 0) console.WriteLine("No registered models.");
            else console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show(Option<string> trackingUri)
    {
        var name = new Argument<string>("name") { Description = "Registered model name." };
        var command = new Command("show", "Show a registered model and its versions.") { name };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var model = await client.Registry.GetRegisteredModelAsync(parse.GetValue(name)!, ct);
            console.MarkupLine($"[bold]{TrackingCli.Escape(model.Name)}[/]");
            if (!string.IsNullOrEmpty(model.Description)) console.WriteLine(model.Description);
            foreach (var tag in model.Tags) console.WriteLine($"tag {tag.Key} = {tag.Value}");

            var versions = new List<Gyre.Client.Protocol.ModelVersion>();
            await foreach (var version in client.Registry.SearchAllModelVersionsAsync($"name = '{model.Name.Replace("'", "\\'")}'", cancellationToken: ct))
                versions.Add(version);
            var aliasesByVersion = model.Aliases.GroupBy(a => a.Version).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(a => a.Alias)));
            var table = new Table().AddColumns("Version", "Stage", "Aliases", "Status", "Run ID", "Source", "Created (UTC)");
            foreach (var version in versions.OrderByDescending(v => long.TryParse(v.Version, out var n) ? n : 0))
            {
                table.AddRow(version.Version, TrackingCli.Escape(version.CurrentStage), TrackingCli.Escape(aliasesByVersion.GetValueOrDefault(version.Version, "")),
                    TrackingCli.Escape(version.Status), TrackingCli.Escape(version.RunId), TrackingCli.Escape(version.Source), TrackingCli.Time(version.CreationTimestamp));
            }
            if (versions.Count == 0) console.WriteLine("No versions.");
            else console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Transition(Option<string> trackingUri)
    {
        var name = new Argument<string>("name") { Description = "Registered model name." };
        var version = new Argument<string>("version") { Description = "Version number." };
        var stage = new Argument<string>("stage") { Description = "None, Staging, Production or Archived." };
        var archive = new Option<bool>("--archive-existing") { Description = "Archive the versions currently in the target stage." };
        var command = new Command("transition", "Move a model version to a stage.") { name, version, stage, archive };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var targetStage = ModelRegistryClient.NormalizeStage(parse.GetValue(stage)!);
            var moved = await client.Registry.TransitionModelVersionStageAsync(parse.GetValue(name)!, parse.GetValue(version)!, targetStage, parse.GetValue(archive), ct);
            console.WriteLine($"{moved.Name} v{moved.Version} is now in stage {moved.CurrentStage}");
            return 0;
        });
        return command;
    }

    private static Command Alias(Option<string> trackingUri)
    {
        var name = new Argument<string>("name") { Description = "Registered model name." };
        var alias = new Argument<string>("alias") { Description = "Alias, e.g. champion." };
        var version = new Argument<string?>("version") { Description = "Version the alias points to (omit with --delete).", Arity = ArgumentArity.ZeroOrOne };
        var delete = new Option<bool>("--delete") { Description = "Remove the alias instead of setting it." };
        var command = new Command("alias", "Point an alias at a model version, or remove it with --delete.") { name, alias, version, delete };
        TrackingCli.SetClientAction(command, trackingUri, async (parse, client, console, ct) =>
        {
            var model = parse.GetValue(name)!;
            var aliasName = parse.GetValue(alias)!;
            if (parse.GetValue(delete))
            {
                await client.Registry.DeleteAliasAsync(model, aliasName, ct);
                console.WriteLine($"Removed alias '{aliasName}' from {model}");
                return 0;
            }
            var target = parse.GetValue(version);
            if (string.IsNullOrEmpty(target))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("error: give the version the alias should point to, or --delete.");
                return TrackingCli.ServerError;
            }
            await client.Registry.SetAliasAsync(model, aliasName, target, ct);
            console.WriteLine($"{model}@{aliasName} → v{target}");
            return 0;
        });
        return command;
    }
}
