using System.Globalization;
using System.Text;
using System.Text.Json;
using Gyre.Core.Errors;

namespace Gyre.Tracking.Paging;

/// <summary>
/// Page token for metric history: base64 JSON with MLflow's <c>offset</c> plus the last row's
/// (timestamp, step, value, is_nan), so the next page is a range seek instead of an OFFSET scan.
/// Plain MLflow offset tokens are accepted too.
/// </summary>
internal sealed record MetricHistoryCursor(long Offset, long Timestamp, long Step, double Value, int IsNan)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{{\"offset\": {Offset}, \"timestamp\": {Timestamp}, \"step\": {Step}, \"value\": {Value:R}, \"is_nan\": {IsNan}}}")));

    /// <summary>Null for no token; a cursor with only <see cref="Offset"/> meaningful for offset-only tokens.</summary>
    public static (long Offset, MetricHistoryCursor? Cursor) Parse(string? token)
    {
        var offset = PageToken.ParseOffset(token);
        if (string.IsNullOrEmpty(token)) return (0, null);
        using var doc = JsonDocument.Parse(Convert.FromBase64String(token));
        var root = doc.RootElement;
        if (!root.TryGetProperty("timestamp", out var t)) return (offset, null);
        try
        {
            return (offset, new MetricHistoryCursor(offset, t.GetInt64(), root.GetProperty("step").GetInt64(),
                root.GetProperty("value").GetDouble(), root.GetProperty("is_nan").GetInt32()));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw GyreException.InvalidParameter($"Invalid page token '{token}' for metric history.");
        }
    }
}
