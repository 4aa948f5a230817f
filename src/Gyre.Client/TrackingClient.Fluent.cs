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
    /// A <paramref name="parentRunId"/> makes it a nested run (MLflow's <c>mlflow.parentRunId</c> tag).
    /// </summary>
    public Task<ActiveRun> StartRunAsync(string? experimentName = null, string? runName = null, string? experimentId = null,
        IReadOnlyDictionary<string, string>? tags = null, int? randomSeed = null, string? parentRunId = null, CancellationToken cancellationToken = default)
    {
        if (experimentName is not null && experimentId is not null)
            throw GyreException.InvalidParameter("Give either experimentName or experimentId, not both.");
        // Entered here, outside the async part, so that the watch covers the caller's flow.
        var watch = ExceptionWatch.Enter();
        return StartRunCoreAsync(experimentName, runName, experimentId, tags, randomSeed, parentRunId, watch, cancellationToken);
    }

    private async Task<ActiveRun> StartRunCoreAsync(string? experimentName, string? runName, string? experimentId,
        IReadOnlyDictionary<string, string>? tags, int? randomSeed, string? parentRunId, ExceptionWatch.Scope watch, CancellationToken cancellationToken)
    {
        ExceptionWatch.MarkClientFlow();
        try
        {
            string id;
            if (parentRunId is not null)
            {
                // A nested run lives in its parent's experiment unless told otherwise.
                var parent = await GetRunAsync(parentRunId, cancellationToken).ConfigureAwait(false);
                id = experimentId ?? (experimentName is null ? parent.Info.ExperimentId : await GetOrCreateExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                id = experimentId ?? (experimentName is null ? "0" : await GetOrCreateExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false));
            }
            var allTags = await SystemTags.CollectAsync(runName, randomSeed, Options.SourceDirectory, cancellationToken).ConfigureAwait(false);
            if (parentRunId is not null) allTags[SystemTags.ParentRunId] = parentRunId;
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
