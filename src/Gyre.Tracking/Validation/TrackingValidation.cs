using System.Text.RegularExpressions;
using Gyre.Core.Errors;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.Validation;

/// <summary>Input checks with MLflow's limits and messages (mlflow/utils/validation.py).</summary>
public static partial class TrackingValidation
{
    public const int MaxParamsTagsPerBatch = 100;
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxEntitiesPerBatch = 1000;
    public const int MaxDatasetsPerBatch = 1000;
    public const int MaxEntityKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;
    public const int MaxExperimentNameLength = 500;
    public const int MaxExperimentTagKeyLength = 250;
    public const int MaxExperimentTagValueLength = 5000;
    public const int MaxRegistryTagKeyLength = 250;
    public const int MaxRegistryTagValueLength = 5000;
    public const int MaxDatasetNameLength = 500;
    public const int MaxDatasetDigestLength = 36;
    public const int MaxDatasetSchemaLength = 1048575;
    public const int MaxDatasetSourceLength = 65535;
    public const int MaxDatasetProfileLength = 16777215;
    public const int MaxInputTagKeyLength = 255;
    public const int MaxInputTagValueLength = 500;
    public const int MaxAliasLength = 255;

    private const string BadCharactersMessage =
        "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).";
    private const string MissingKeyMessage = "A key name must be provided.";

    [GeneratedRegex(@"^[/\w.\- ]*$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,255}$")]
    private static partial Regex ValidRunId();

    [GeneratedRegex(@"^[\w\-]*$")]
    private static partial Regex ValidAlias();

    [GeneratedRegex(@"^[vV]\d+$")]
    private static partial Regex VersionLikeAlias();

    public static void MetricName(string? name) => Name("Metric name", "metric", name);

    public static void ParamName(string? name) => Name("Parameter name", "parameter", name);

    public static void TagName(string? name) => Name("Tag name", "tag", name);

    private static void Name(string what, string lower, string? name)
    {
        if (name is null)
            throw GyreException.InvalidParameter($"{what} cannot be None. {MissingKeyMessage}");
        if (!IsValidName(name))
            throw GyreException.InvalidParameter($"Invalid {lower} name: '{name}'. {BadCharactersMessage}");
        if (PathNotUnique(name))
            throw GyreException.InvalidParameter(
                $"Invalid {lower} name: '{name}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '{NormalizePath(name)}'");
    }

    /// <summary>
    /// <c>^[/\w.\- ]*$</c>, checked by hand for the common names (every key of every logged metric passes
    /// here); a name with any other character goes to the regex itself, whose \w is Unicode and whose $
    /// also matches before a final newline, as Python's does.
    /// </summary>
    private static bool IsValidName(string name)
    {
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '.' or '-' or ' ') continue;
            return ValidName().IsMatch(name);
        }
        return true;
    }

    public static void Length(string entity, int limit, string? value)
    {
        if (value is null || value.Length <= limit) return;
        throw GyreException.InvalidParameter(
            $"{entity} '{value[..Math.Min(250, value.Length)]}' had length {value.Length}, which exceeded length limit of {limit}");
    }

    public static void Metric(Metric metric)
    {
        MetricName(metric.Key);
        if (metric.Timestamp < 0)
            throw GyreException.InvalidParameter(
                $"Got invalid timestamp {metric.Timestamp} for metric '{metric.Key}' (value={Format(metric.Value)}). Timestamp must be a nonnegative long (64-bit integer) ");
        Length("Metric name", MaxEntityKeyLength, metric.Key);
    }

    public static void Param(Param param)
    {
        ParamName(param.Key);
        Length("Param key", MaxEntityKeyLength, param.Key);
        if (param.Value is null)
            throw GyreException.InvalidParameter($"Param value for key '{param.Key}' must not be null.");
        Length("Param value", MaxParamValueLength, param.Value);
    }

    public static void Tag(RunTag tag)
    {
        TagName(tag.Key);
        Length("Tag key", MaxEntityKeyLength, tag.Key);
        if (tag.Value is null)
            throw GyreException.InvalidParameter($"Tag value for key '{tag.Key}' must not be null.");
        Length("Tag value", MaxTagValueLength, tag.Value);
    }

    public static void ExperimentTag(ExperimentTag tag)
    {
        TagName(tag.Key);
        Length("Tag key", MaxExperimentTagKeyLength, tag.Key);
        Length("Tag value", MaxExperimentTagValueLength, tag.Value);
    }

    public static void RegistryTag(string entity, string key, string? value)
    {
        TagName(key);
        Length($"{entity} key", MaxRegistryTagKeyLength, key);
        Length($"{entity} value", MaxRegistryTagValueLength, value);
    }

    public static void RunId(string? runId)
    {
        if (runId is null || !ValidRunId().IsMatch(runId))
            throw GyreException.InvalidParameter($"Invalid run ID: '{runId}'");
    }

    public static void ExperimentName(string? name)
    {
        if (string.IsNullOrEmpty(name))
            throw GyreException.InvalidParameter($"Invalid experiment name: '{name}'");
        if (name.Length > MaxExperimentNameLength)
            throw GyreException.InvalidParameter(
                $"Experiment name exceeds the maximum length of {MaxExperimentNameLength} characters");
    }

    public static void ArtifactLocation(string? location)
    {
        if (location is not null && location.StartsWith("runs:", StringComparison.Ordinal))
            throw GyreException.InvalidParameter(
                $"Artifact location cannot be a runs:/ URI. Given: '{location}'");
    }

    public static void ModelName(string? name)
    {
        if (string.IsNullOrEmpty(name))
            throw GyreException.InvalidParameter("Registered model name cannot be empty.");
    }

    /// <summary>The version as a number; INVALID_PARAMETER_VALUE when it is not an integer.</summary>
    public static long ModelVersion(string? version)
    {
        if (long.TryParse(version, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v))
            return v;
        throw GyreException.InvalidParameter($"Model version must be an integer, got '{version}'");
    }

    public static void AliasName(string? alias)
    {
        if (string.IsNullOrEmpty(alias))
            throw GyreException.InvalidParameter("Registered model alias name cannot be empty.");
        if (!ValidAlias().IsMatch(alias))
            throw GyreException.InvalidParameter(
                $"Invalid alias name: '{alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
        Length("Registered model alias name", MaxAliasLength, alias);
        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase))
            throw GyreException.InvalidParameter("'latest' alias name (case insensitive) is reserved.");
        if (VersionLikeAlias().IsMatch(alias))
            throw GyreException.InvalidParameter($"Version alias name '{alias}' is reserved.");
    }

    public static void BatchLimits(int metrics, int @params, int tags)
    {
        BatchLimit("metrics", MaxMetricsPerBatch, metrics);
        BatchLimit("params", MaxParamsTagsPerBatch, @params);
        BatchLimit("tags", MaxParamsTagsPerBatch, tags);
        BatchLimit("metrics, params, and tags", MaxEntitiesPerBatch, metrics + @params + tags);
    }

    public static void DatasetBatchLimit(int datasets) => BatchLimit("datasets", MaxDatasetsPerBatch, datasets);

    private static void BatchLimit(string entity, int limit, int length)
    {
        if (length > limit)
            throw GyreException.InvalidParameter(
                $"A batch logging request can contain at most {limit} {entity}. Got {length} {entity}. Please split up {entity} across multiple requests and try again.");
    }

    public static void Dataset(Dataset dataset)
    {
        if (string.IsNullOrEmpty(dataset.Name)) throw GyreException.InvalidParameter("Dataset name must be specified.");
        if (string.IsNullOrEmpty(dataset.Digest)) throw GyreException.InvalidParameter("Dataset digest must be specified.");
        if (string.IsNullOrEmpty(dataset.SourceType)) throw GyreException.InvalidParameter("Dataset source_type must be specified.");
        if (dataset.Source is null) throw GyreException.InvalidParameter("Dataset source must be specified.");
        Length("Dataset name", MaxDatasetNameLength, dataset.Name);
        Length("Dataset digest", MaxDatasetDigestLength, dataset.Digest);
        Length("Dataset schema", MaxDatasetSchemaLength, dataset.Schema);
        Length("Dataset source", MaxDatasetSourceLength, dataset.Source);
        Length("Dataset profile", MaxDatasetProfileLength, dataset.Profile);
    }

    public static void InputTag(InputTag tag)
    {
        if (string.IsNullOrEmpty(tag.Key)) throw GyreException.InvalidParameter("Input tag key must be specified.");
        if (tag.Value is null) throw GyreException.InvalidParameter("Input tag value must be specified.");
        Length("Input tag key", MaxInputTagKeyLength, tag.Key);
        Length("Input tag value", MaxInputTagValueLength, tag.Value);
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static bool PathNotUnique(string name)
    {
        // Without a slash normpath leaves a name as it is (except "" -> "."): skip building it.
        if (!name.Contains('/')) return name.Length == 0 || name == "." || name.StartsWith("..", StringComparison.Ordinal);
        var norm = NormalizePath(name);
        return norm != name || norm == "." || norm.StartsWith("..", StringComparison.Ordinal) || norm.StartsWith('/');
    }

    /// <summary>Python's posixpath.normpath.</summary>
    private static string NormalizePath(string path)
    {
        if (path.Length == 0) return ".";
        var initialSlashes = path.StartsWith('/') ? (path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("///", StringComparison.Ordinal) ? 2 : 1) : 0;
        var parts = new List<string>();
        foreach (var comp in path.Split('/'))
        {
            if (comp.Length == 0 || comp == ".") continue;
            if (comp != ".." || (initialSlashes == 0 && parts.Count == 0) || (parts.Count > 0 && parts[^1] == ".."))
                parts.Add(comp);
            else if (parts.Count > 0)
                parts.RemoveAt(parts.Count - 1);
        }
        var result = new string('/', initialSlashes) + string.Join('/', parts);
        return result.Length == 0 ? "." : result;
    }
}
