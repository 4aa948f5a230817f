namespace Gyre.Tracking.Stores;

/// <summary>MLflow's step sampling for get-history-bulk-interval (mlflow/server/handlers.py).</summary>
internal static class MetricSampling
{
    /// <summary>
    /// At most <paramref name="maxResults"/> steps spread evenly over the logged steps in [start, end], plus
    /// the last step of the range and every run's first and last step inside it; sorted ascending.
    /// </summary>
    public static List<long> SampleSteps(IReadOnlyList<List<long>> stepsPerRun, long? start, long? end, int maxResults)
    {
        var minsAndMaxes = new HashSet<long>();
        foreach (var steps in stepsPerRun)
        {
            if (steps.Count == 0) continue;
            minsAndMaxes.Add(steps[0]);
            minsAndMaxes.Add(steps[^1]);
        }
        var all = stepsPerRun.SelectMany(x => x).Distinct().Order().ToList();
        var startStep = start ?? 0;
        var endStep = end ?? (all.Count > 0 ? all[^1] : 0);
        var result = new HashSet<long>(minsAndMaxes.Where(s => s >= startStep && s <= endStep));

        var startIdx = LowerBound(all, startStep);
        var endIdx = UpperBound(all, endStep);
        if (endIdx - startIdx <= maxResults)
        {
            for (var i = startIdx; i < endIdx; i++) result.Add(all[i]);
        }
        else
        {
            var numSteps = endIdx - startIdx;
            var interval = (double)numSteps / maxResults;
            for (var i = 0; i < maxResults; i++)
            {
                // Mirrors MLflow exactly, including its comparison of the index with the count.
                var idx = startIdx + (int)(i * interval);
                if (idx < numSteps) result.Add(all[idx]);
            }
            result.Add(all[endIdx - 1]);
        }
        return result.Order().ToList();
    }

    private static int LowerBound(List<long> sorted, long value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int UpperBound(List<long> sorted, long value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
