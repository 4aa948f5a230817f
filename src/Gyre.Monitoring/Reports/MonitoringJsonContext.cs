using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gyre.Monitoring.Drift;
using Gyre.Monitoring.Validation;

namespace Gyre.Monitoring.Reports;

/// <summary>
/// Source-generated JSON for drift and validation results: snake_case names, enums as strings, nulls
/// omitted; a non-finite number (an infinite KL divergence) is written as "Infinity".
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(DatasetDriftResult))]
[JsonSerializable(typeof(ValidationReport))]
public sealed partial class MonitoringJsonContext : JsonSerializerContext
{
    // Readable output for files: '>' and '<' stay as they are, enum values in snake_case like the names.
    private static readonly MonitoringJsonContext Output = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    });

    public static string Serialize(DatasetDriftResult result) => JsonSerializer.Serialize(result, Output.DatasetDriftResult);

    public static string Serialize(ValidationReport report) => JsonSerializer.Serialize(report, Output.ValidationReport);

    /// <summary>Writes JSON to a temp file beside <paramref name="path"/> and renames it, so readers never see half a file.</summary>
    public static async Task WriteAsync(string json, string path, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        await File.WriteAllTextAsync(temp, json, cancellationToken);
        File.Move(temp, full, overwrite: true);
    }
}
