using System.Text.Json.Serialization;

namespace Gyre.Client.Protocol;

/// <summary>Which lifecycle stages a search returns.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ViewType>))]
public enum ViewType
{
    [JsonStringEnumMemberName("ACTIVE_ONLY")] ActiveOnly,
    [JsonStringEnumMemberName("DELETED_ONLY")] DeletedOnly,
    [JsonStringEnumMemberName("ALL")] All,
}
