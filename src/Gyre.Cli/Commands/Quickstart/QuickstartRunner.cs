using System.Diagnostics;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>
/// Runs the steps in order with a narrated header each, prints ✓ or ✗ with what the step checked, and stops
/// at the first failure (later steps depend on earlier ones; they are listed as not run). Ends with a table
/// of every step's outcome and time.
/// </summary>
internal sealed class QuickstartRunner(IReadOnlyList<IQuickstartStep> steps)
{
    public async Task<bool> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var outcomes = new List<(IQuickstartStep Step, StepResult? Result, TimeSpan Elapsed)>();
        var total = Stopwatch.StartNew();
        var failed = false;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (failed)
            {
                outcomes.Add((step, null, TimeSpan.Zero));
                continue;
            }
            console.WriteLine();
            console.Write(new Rule($"[bold]Step {i + 1}/{steps.Count}: {Markup.Escape(step.Title)}[/]").LeftJustified());
            var watch = Stopwatch.StartNew();
            StepResult result;
            try
            {
                result = await step.RunAsync(context, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                // A GyreException's message says what went wrong; anything else also names its type.
                result = StepResult.Fail(e is Gyre.Core.Errors.GyreException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            }
            watch.Stop();
            outcomes.Add((step, result, watch.Elapsed));
            console.MarkupLine(result.Passed
                ? $"[green]✓[/] {Markup.Escape(result.Summary)} [grey]({watch.Elapsed.TotalSeconds:F1} s)[/]"
                : $"[red]✗ {Markup.Escape(result.Summary)}[/] [grey]({watch.Elapsed.TotalSeconds:F1} s)[/]");
            failed = !result.Passed;
        }

        console.WriteLine();
        var table = new Table().Border(TableBorder.Rounded).AddColumns("", "step", "outcome").AddColumn(new TableColumn("seconds").RightAligned());
        for (var i = 0; i < outcomes.Count; i++)
        {
            var (step, result, elapsed) = outcomes[i];
            table.AddRow(result is null ? "[grey]-[/]" : result.Passed ? "[green]✓[/]" : "[red]✗[/]",
                $"{i + 1}. {Markup.Escape(step.Title)}",
                result is null ? "[grey]not run (an earlier step failed)[/]" : Markup.Escape(result.Summary),
                result is null ? "" : elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        }
        console.Write(table);
        var passed = outcomes.All(o => o.Result is { Passed: true });
        console.MarkupLine(passed
            ? $"[green bold]All {steps.Count} steps did what they should[/] in {total.Elapsed.TotalSeconds:F1} s."
            : $"[red bold]The quickstart did not complete:[/] {outcomes.Count(o => o.Result is { Passed: true })} of {steps.Count} steps passed ({total.Elapsed.TotalSeconds:F1} s).");
        return passed;
    }
}
