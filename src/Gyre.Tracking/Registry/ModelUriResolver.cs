using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.LoggedModels;
using Gyre.Tracking.Stores;
using Gyre.Tracking.Validation;

namespace Gyre.Tracking.Registry;

/// <summary>
/// Resolves MLflow <c>models:/</c> URIs to a model version: <c>models:/name/3</c> (version),
/// <c>models:/name/Production</c> (newest version in a stage, any case), <c>models:/name/latest</c>
/// (newest live version) and <c>models:/name@alias</c>; and MLflow 3's <c>models:/m-&lt;model_id&gt;</c> to a
/// logged model. The logged models come from <paramref name="loggedModels"/>, or from the registry store
/// when it also holds them (one SQL store holds both).
/// </summary>
public sealed class ModelUriResolver(IModelRegistryStore registry, ILoggedModelStore? loggedModels = null)
{
    private const string Scheme = "models:/";

    private readonly ILoggedModelStore? _loggedModels = loggedModels ?? registry as ILoggedModelStore;

    /// <summary>The logged model a <c>models:/m-&lt;id&gt;</c> URI names. RESOURCE_DOES_NOT_EXIST when unknown or deleted.</summary>
    public Task<LoggedModel> ResolveLoggedModelAsync(string uri, CancellationToken ct = default)
    {
        var modelId = LoggedModelUri.TryParseModelId(uri) ?? throw Invalid(uri);
        if (_loggedModels is null)
            throw GyreException.InvalidParameter($"Model URI '{uri}' names a logged model, but no tracking store is available to find it.");
        return _loggedModels.GetLoggedModelAsync(modelId, ct: ct);
    }

    public async Task<ModelVersion> ResolveAsync(string uri, CancellationToken ct = default)
    {
        var (name, suffix, alias) = Parse(uri);
        if (alias is not null) return await registry.GetModelVersionByAliasAsync(name, alias, ct);
        if (long.TryParse(suffix, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            return await registry.GetModelVersionAsync(name, suffix!, ct);
        IReadOnlyList<ModelVersion> candidates;
        string stageLabel;
        if (string.Equals(suffix, "latest", StringComparison.OrdinalIgnoreCase))
        {
            candidates = await registry.GetLatestVersionsAsync(name, null, ct);
            stageLabel = "latest";
        }
        else
        {
            var stage = ModelStages.Canonicalize(suffix);
            candidates = await registry.GetLatestVersionsAsync(name, [stage], ct);
            stageLabel = stage;
        }
        return candidates.MaxBy(v => long.Parse(v.Version, System.Globalization.CultureInfo.InvariantCulture))
            ?? throw GyreException.NotFound($"No versions of model with name '{name}' and stage '{stageLabel}' found");
    }

    /// <summary>
    /// Where the files a <c>models:/</c> URI names are: a logged model's artifact location for
    /// <c>models:/m-&lt;id&gt;</c>, else the resolved version's storage location or source (a version
    /// registered from a logged model has source <c>models:/m-&lt;id&gt;</c> and its files at that model's location).
    /// </summary>
    public async Task<string> ResolveDownloadUriAsync(string uri, CancellationToken ct = default)
    {
        if (LoggedModelUri.TryParseModelId(uri) is not null)
            return (await ResolveLoggedModelAsync(uri, ct)).Info.ArtifactLocation;
        return await DownloadUriOfAsync(await ResolveAsync(uri, ct), ct);
    }

    /// <summary>Where a resolved version's files are (a logged model's artifact location when it was registered from one).</summary>
    public async Task<string> DownloadUriOfAsync(ModelVersion version, CancellationToken ct = default)
    {
        if (version.StorageLocation is null && LoggedModelUri.TryParseModelId(version.Source) is not null)
            return (await ResolveLoggedModelAsync(version.Source, ct)).Info.ArtifactLocation;
        return version.DownloadUri;
    }

    /// <summary>Splits a models:/ URI into (name, suffix, alias); exactly one of suffix and alias is set.</summary>
    public static (string Name, string? Suffix, string? Alias) Parse(string uri)
    {
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.Ordinal)) throw Invalid(uri);
        var path = uri[Scheme.Length..].TrimStart('/').TrimEnd('/');
        var slash = path.IndexOf('/');
        if (slash >= 0)
        {
            var name = path[..slash];
            var suffix = path[(slash + 1)..];
            if (name.Length == 0 || suffix.Length == 0 || suffix.Contains('/') || name.Contains('@')) throw Invalid(uri);
            return (name, suffix, null);
        }
        var at = path.LastIndexOf('@');
        if (at <= 0 || at == path.Length - 1) throw Invalid(uri);
        var alias = path[(at + 1)..];
        TrackingValidation.AliasName(alias);
        return (path[..at], null, alias);
    }

    private static GyreException Invalid(string? uri) => GyreException.InvalidParameter(
        $"Not a proper models:/ URI: {uri}. Models URIs must be of the form 'models:/model_name/suffix' or 'models:/model_name@alias' where suffix is a model version, stage, or the string 'latest' and where alias is a registered model alias. Only one of suffix or alias can be defined at a time.");
}
