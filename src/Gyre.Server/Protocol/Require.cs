using Gyre.Core.Errors;

namespace Gyre.Server.Protocol;

/// <summary>Field checks with MLflow's own error messages, so clients that match on them keep working.</summary>
public static class Require
{
    private const string Hint = " See the API docs for more information about request parameters.";

    /// <summary>A required string: absent or empty is an error, as in MLflow's <c>_assert_required</c>.</summary>
    public static string Present(string? value, string parameter) =>
        string.IsNullOrEmpty(value) ? throw Missing(parameter) : value;

    public static T Present<T>(T? value, string parameter) where T : struct =>
        value ?? throw Missing(parameter);

    public static GyreException Missing(string parameter) =>
        GyreException.InvalidParameter($"Missing value for required parameter '{parameter}'.{Hint}");

    public static GyreException Invalid(string parameter, string why) =>
        GyreException.InvalidParameter($"Invalid value for parameter '{parameter}' supplied: {why}.{Hint}");

    public static void AtMost(long? value, long max, string parameter)
    {
        if (value > max) throw Invalid(parameter, $"{value} is greater than the maximum of {max}");
    }

    /// <summary>The run id, falling back to the deprecated <c>run_uuid</c> as MLflow does.</summary>
    public static string RunId(string? runId, string? runUuid) =>
        !string.IsNullOrEmpty(runId) ? runId : Present(runUuid, "run_id");
}
