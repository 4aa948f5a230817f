using System.CommandLine;
using Gyre.Cli.Commands.Server;

namespace Gyre.Cli.Commands;

/// <summary>The CLI verbs of this area; each verb lives in its own file under Commands/.</summary>
internal static class ServerCommands
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(ServerCommand.Create());
    }
}
