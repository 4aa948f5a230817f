using System.CommandLine;
using Gyre.Cli.Commands.Models;

namespace Gyre.Cli.Commands;

/// <summary>The CLI verbs of this area; each verb lives in its own file under Commands/.</summary>
internal static class ModelCommands
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
    }
}
