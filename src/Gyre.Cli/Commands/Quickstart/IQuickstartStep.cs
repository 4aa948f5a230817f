namespace Gyre.Cli.Commands.Quickstart;

/// <summary>
/// One step of the quickstart lifecycle. It does its work through the same doors a user has (HTTP API,
/// SDK), then checks its own outcome and says whether it did what it should.
/// </summary>
internal interface IQuickstartStep
{
    /// <summary>What the step shows, e.g. "Train two candidates".</summary>
    string Title { get; }

    Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken);
}

/// <summary>Whether a step did what it should, with a one-line summary of what was checked.</summary>
internal sealed record StepResult(bool Passed, string Summary)
{
    public static StepResult Pass(string summary) => new(true, summary);

    public static StepResult Fail(string summary) => new(false, summary);
}
