using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>Sends a fixed number of requests with a progress bar.</summary>
internal static class TrafficProgress
{
    public static async Task SendAsync(QuickstartContext context, TrafficSender sender, int requests, string label, CancellationToken cancellationToken)
    {
        await context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{label}: 0 requests", maxValue: requests);
                await sender.SendAsync(requests, sent =>
                {
                    task.Value = sent;
                    task.Description = $"{label}: {sent} requests";
                }, cancellationToken);
                task.Value = requests;
            });
    }

    public static string Describe(TrafficSender sender) =>
        sender.ByVariant.IsEmpty ? "nobody" : string.Join(", ", sender.ByVariant.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"));
}
