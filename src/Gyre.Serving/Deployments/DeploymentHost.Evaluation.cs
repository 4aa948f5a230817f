namespace Gyre.Serving.Deployments;

public sealed partial class DeploymentHost
{
    /// <summary>
    /// Evaluates every deployment's policy once: records its decisions as events (persisted), saves its
    /// checkpoint and refreshes the share gauges. The background loop calls this about once a second.
    /// A deployment being updated right now is skipped this round.
    /// </summary>
    public async Task<IReadOnlyList<DeploymentEvent>> EvaluateNowAsync(CancellationToken ct = default)
    {
        var all = new List<DeploymentEvent>();
        foreach (var deployment in _deployments.Values)
        {
            if (!await deployment.Changes.WaitAsync(0, ct).ConfigureAwait(false)) continue;
            try
            {
                var snapshot = deployment.Current;
                var events = snapshot.Policy.Evaluate(Time.GetUtcNow());
                all.AddRange(await PublishAsync(deployment, snapshot, events, ct).ConfigureAwait(false));
                Published(deployment);
            }
            finally
            {
                deployment.Changes.Release();
            }
        }
        return all;
    }

    private async Task EvaluationLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.EvaluationInterval, Time);
        var ct = _stopping.Token;
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            try
            {
                await EvaluateNowAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // One bad evaluation (a store hiccup) must not stop the loop; it is tried again next tick.
                await Console.Error.WriteLineAsync($"gyre: evaluating deployments failed: {e.Message}").ConfigureAwait(false);
            }
        }
    }
}
