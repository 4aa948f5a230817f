using Gyre.Core.Errors;

namespace Gyre.Tracking.Paging;

/// <summary>MLflow's defaults and ceilings for <c>max_results</c>.</summary>
public static class ResultLimits
{
    public const int SearchRunsDefault = 1000;
    public const int SearchRunsMax = 50000;
    public const int SearchExperimentsDefault = 1000;
    public const int SearchExperimentsMax = 50000;
    public const int SearchRegisteredModelsDefault = 100;
    public const int SearchRegisteredModelsMax = 1000;
    public const int SearchModelVersionsDefault = 10000;
    public const int SearchModelVersionsMax = 200000;
    /// <summary>MLflow's store default; over REST an unset max_results is the proto default, 50.</summary>
    public const int SearchLoggedModelsDefault = 100;
    public const int SearchLoggedModelsMax = 50000;
    public const int MetricHistoryBulkIntervalMax = 2500;
    public const int MetricHistoryBulkIntervalMaxRuns = 100;

    /// <summary>The effective page size: the default when absent, INVALID_PARAMETER_VALUE outside 1..max.</summary>
    public static int Resolve(int? requested, int defaultValue, int max)
    {
        if (requested is null) return defaultValue;
        if (requested.Value < 1)
            throw GyreException.InvalidParameter(
                $"Invalid value for request parameter max_results. It must be a positive integer, but got value {requested.Value}");
        if (requested.Value > max)
            throw GyreException.InvalidParameter(
                $"Invalid value for request parameter max_results. It must be at most {max}, but got value {requested.Value}");
        return requested.Value;
    }
}
