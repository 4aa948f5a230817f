using System.Text;
using System.Text.Json;
using Gyre.Core.Errors;

namespace Gyre.Tracking.Paging;

/// <summary>Opaque page tokens as MLflow makes them: base64 of <c>{"offset": N}</c>.</summary>
public static class PageToken
{
    public static string Create(long offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"offset\": {offset}}}"));

    /// <summary>The offset a token stands for; 0 for no token. INVALID_PARAMETER_VALUE when malformed.</summary>
    public static long ParseOffset(string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(token);
        }
        catch (FormatException)
        {
            throw GyreException.InvalidParameter($"Invalid page token, could not base64-decode: '{token}'");
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("offset", out var offset) &&
                offset.TryGetInt64(out var value) && value >= 0)
            {
                return value;
            }
        }
        catch (JsonException)
        {
            // Reported below with the decoded text.
        }
        throw GyreException.InvalidParameter(
            $"Invalid page token, decoded value={Encoding.UTF8.GetString(bytes)} has no non-negative integer 'offset'");
    }
}
