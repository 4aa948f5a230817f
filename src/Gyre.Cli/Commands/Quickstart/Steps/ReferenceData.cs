namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Logs a model's reference data (the features it was trained on) as an artifact of its training run, so the
/// deployment's drift monitor finds it the way a user's would: <c>runs:/RUN/reference/file.csv</c>.
/// </summary>
internal static class ReferenceData
{
    public static async Task<string> LogAsync(QuickstartContext context, string runId, string csvPath, CancellationToken cancellationToken)
    {
        await context.Tracking.LogArtifactAsync(runId, csvPath, "reference", cancellationToken);
        return $"runs:/{runId}/reference/{Path.GetFileName(csvPath)}";
    }
}
