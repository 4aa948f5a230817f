using System.CommandLine;
using System.Reflection;

namespace Gyre.Cli.Commands;

internal static class VersionCommand
{
    public static void AddTo(RootCommand root)
    {
        var command = new Command("version", "Print Gyre's version.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            Console.WriteLine($"gyre {version}");
            return 0;
        });
        root.Subcommands.Add(command);
    }
}
