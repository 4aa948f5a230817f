using Gyre.Client.Runs;
using Gyre.Core.Errors;

namespace Gyre.Client;

public sealed partial class TrackingClient
{
    /// <summary>
    /// Starts a run, MLflow-fluent style: in the experiment named <paramref name="experimentName"/> (created if missing)
    /// or with id <paramref name="experimentId"/> (default: experiment "0"), with MLflow's and Gyre's system tags
    /// (user, source, git commit and dirty flag, entry point, runtime, packages, the random seed if given).
    /// Use with <c>await using</c>: disposing ends the run FINISHED, or FAILED after an exception.
    /// </summary>
    public Task<ActiveRun> StartRunAsync(string? experimentName = null, string? runName = null, string? experimentId = null,
        IReadOnlyDictionary<string, string>? tags = null, int? randomSeed = null, CancellationToken cancellationToken = default)
    {
        if (experimentName is not null && experimentId is not null)
            throw GyreException.InvalidParameter("Give either experimentName or experimentId, not both.");
        // Entered here, outside the async part, so that the watch covers the caller's flow.
        var watch = ExceptionWatch.Enter();
        return StartRunCoreAsync(experimentName, runName, experimentId, tags, randomSeed, watch, cancellationToken);
    }

    private async Task<ActiveRun> StartRunCoreAsync(string? experimentName, string? runName, string? experimentId,
        IReadOnlyDictionary<string, string>? tags, int? randomSeed, ExceptionWatch.Scope watch, CancellationToken cancellationToken)
    {
        ExceptionWatch.MarkClientFlow();
        try
        {
            var id = experimentId ?? (experimentName is null ? "0" : await GetOrCreateExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false));
            var allTags = await SystemTags.CollectAsync(runName, randomSeed, cancellationToken).ConfigureAwait(false);
            foreach (var (key, value) in tags ?? new Dictionary<string, string>()) allTags[key] = value;
            var run = await CreateRunAsync(id, runName, allTags, allTags[SystemTags.User], cancellationToken: cancellationToken).ConfigureAwait(false);
            return new ActiveRun(this, run, watch);
        }
        catch
        {
            watch.LastException = null;
            throw;
        }
    }
}
