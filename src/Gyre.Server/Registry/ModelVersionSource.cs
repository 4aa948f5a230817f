using Gyre.Core.Errors;
using Gyre.Server.Hosting;

namespace Gyre.Server.Registry;

/// <summary>
/// MLflow's checks on a model version's source: a local path is only accepted inside the artifact folder
/// of the run named by run_id, and no source may climb out of its location with '..' (even URL-encoded).
/// </summary>
public static class ModelVersionSource
{
    public static async Task ValidateAsync(string source, string? runId, GyreBackends backends, CancellationToken ct)
    {
        if (IsLocal(source))
        {
            if (runId is not null)
            {
                var run = await backends.Tracking.GetRunAsync(runId, ct);
                if (IsLocal(run.Info.ArtifactUri))
                {
                    var runFolder = Path.GetFullPath(LocalPath(run.Info.ArtifactUri)).TrimEnd('/');
                    var sourcePath = Path.GetFullPath(LocalPath(source)).TrimEnd('/');
                    if (sourcePath == runFolder || sourcePath.StartsWith(runFolder + "/", StringComparison.Ordinal)) return;
                }
            }
            throw GyreException.InvalidParameter(
                $"Invalid model version source: '{source}'. To use a local path as a model version source, the run_id request " +
                "parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.");
        }
        RejectRelativeReferences(source);
    }

    /// <summary>
    /// MLflow's <c>_validate_source_model</c>: for a version registered from a logged model, a local path is
    /// only accepted inside that model's artifact folder.
    /// </summary>
    public static async Task ValidateForLoggedModelAsync(string source, string modelId, GyreBackends backends, CancellationToken ct)
    {
        if (IsLocal(source))
        {
            var model = await backends.Tracking.GetLoggedModelAsync(modelId, ct: ct);
            if (IsLocal(model.Info.ArtifactLocation))
            {
                var modelFolder = Path.GetFullPath(LocalPath(model.Info.ArtifactLocation)).TrimEnd('/');
                var sourcePath = Path.GetFullPath(LocalPath(source)).TrimEnd('/');
                if (sourcePath == modelFolder || sourcePath.StartsWith(modelFolder + "/", StringComparison.Ordinal)) return;
            }
            throw GyreException.InvalidParameter(
                $"Invalid model version source: '{source}'. To use a local path as a model version source, the model_id request " +
                "parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the model_id.");
        }
        RejectRelativeReferences(source);
    }

    private static void RejectRelativeReferences(string source)
    {
        var decoded = source;
        for (var i = 0; i < 10; i++)
        {
            var next = Uri.UnescapeDataString(decoded.Replace('+', ' '));
            if (next == decoded) break;
            decoded = next;
        }
        if (decoded.Contains('\0') || decoded.Split('/').Any(segment => segment == ".."))
            throw GyreException.InvalidParameter(
                $"Invalid model version source: '{source}'. If supplying a source as an http, https, local file path, ftp, objectstore, " +
                "or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.");
    }

    /// <summary>No URI scheme (a plain path) or file:, as MLflow's <c>is_local_uri</c>.</summary>
    internal static bool IsLocal(string uri)
    {
        var colon = uri.IndexOf(':');
        if (colon <= 0) return true;
        for (var i = 0; i < colon; i++)
        {
            var c = uri[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.') || (i == 0 && !char.IsAsciiLetter(c))) return true;
        }
        return uri[..colon].Equals("file", StringComparison.OrdinalIgnoreCase);
    }

    private static string LocalPath(string uri) =>
        uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            ? parsed.LocalPath
            : uri;
}
