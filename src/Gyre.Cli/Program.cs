using System.CommandLine;
using Gyre.Cli.Commands;
using Gyre.Cli.Commands.Quickstart;

var root = new RootCommand("Gyre: track, gate, deploy and monitor machine-learning models.");
// Each area adds its own verbs; the files live under Commands/<Area>.
ServerCommands.AddTo(root);
TrackingCommands.AddTo(root);
ModelCommands.AddTo(root);
MonitoringCommands.AddTo(root);
ServeCommand.AddTo(root);
Gyre.Cli.Commands.Deployments.DeploymentsCommand.AddTo(root);
GateCommand.AddTo(root);
VersionCommand.AddTo(root);
QuickstartCommand.AddTo(root);
return await root.Parse(args).InvokeAsync();
