using System.Text.Json.Serialization;

namespace Gyre.Client.Protocol;

/// <summary>MLflow's <c>RunStatus</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    [JsonStringEnumMemberName("RUNNING")] Running,
    [JsonStringEnumMemberName("SCHEDULED")] Scheduled,
    [JsonStringEnumMemberName("FINISHED")] Finished,
    [JsonStringEnumMemberName("FAILED")] Failed,
    [JsonStringEnumMemberName("KILLED")] Killed,
}
