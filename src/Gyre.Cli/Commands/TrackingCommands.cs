using System.CommandLine;
using Gyre.Cli.Commands.Tracking;

namespace Gyre.Cli.Commands;

/// <summary>The tracking and registry verbs (over the .NET client): <c>experiments</c>, <c>runs</c>, <c>models</c>.</summary>
internal static class TrackingCommands
{
    public static void AddTo(RootCommand root)
    {
        var trackingUri = TrackingCli.TrackingUriOption();
        var experiments = ExperimentsCommand.Create(trackingUri);
        experiments.Options.Add(trackingUri);
        root.Subcommands.Add(experiments);

        var runs = RunsCommand.Create(trackingUri);
        runs.Options.Add(trackingUri);
        root.Subcommands.Add(runs);

        // `gyre models` may also carry other areas' verbs: reuse the command if it is already there.
        var models = root.Subcommands.FirstOrDefault(c => c.Name == "models");
        if (models is null)
        {
            models = new Command("models", "Registered models: list, show, stage transitions and aliases.");
            root.Subcommands.Add(models);
        }
        RegisteredModelsCommand.AddTo(models, trackingUri);
        if (!models.Options.Contains(trackingUri)) models.Options.Add(trackingUri);
    }
}
