namespace Gyre.Tracking.LoggedModels;

/// <summary>MLflow 3's <c>models:/&lt;model_id&gt;</c> URIs: a models:/ path with neither '/' nor '@' names a logged model.</summary>
public static class LoggedModelUri
{
    private const string Scheme = "models:/";

    /// <summary>The logged model id a <c>models:/m-...</c> URI names; null for any other URI.</summary>
    public static string? TryParseModelId(string? uri)
    {
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.Ordinal)) return null;
        var path = uri[Scheme.Length..].Trim('/');
        return path.Length == 0 || path.Contains('/') || path.Contains('@') ? null : path;
    }
}
