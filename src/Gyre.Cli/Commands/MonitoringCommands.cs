using System.CommandLine;
using Gyre.Cli.Commands.Monitoring;

namespace Gyre.Cli.Commands;

/// <summary>The CLI verbs of this area; each verb lives in its own file under Commands/.</summary>
internal static class MonitoringCommands
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(DriftCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
    }
}
