using Gyre.Core.Errors;

namespace Gyre.Client.Registry;

/// <summary>
/// A parsed <c>models:/</c> URI: <c>models:/name/3</c> (a version), <c>models:/name/Production</c> (the latest version in
/// a stage), <c>models:/name/latest</c> (the latest version) or <c>models:/name@champion</c> (an alias).
/// Exactly one of <see cref="Version"/>, <see cref="Stage"/>, <see cref="Alias"/> is set, or none for "latest".
/// </summary>
public sealed record ModelUri(string Name, string? Version, string? Stage, string? Alias, string? SubPath)
{
    public bool IsLatest => Version is null && Stage is null && Alias is null;

    public static ModelUri Parse(string uri)
    {
        if (string.IsNullOrWhiteSpace(uri) || !uri.StartsWith("models:/", StringComparison.Ordinal))
            throw GyreException.InvalidParameter($"'{uri}' is not a models:/ URI (expected models:/<name>/<version|stage|latest> or models:/<name>@<alias>).");
        var body = uri["models:/".Length..].TrimStart('/');
        var parts = body.Split('/', StringSplitOptions.None);
        if (parts.Length == 0 || parts[0].Length == 0)
            throw GyreException.InvalidParameter($"'{uri}' names no model.");

        var at = parts[0].IndexOf('@');
        if (at >= 0)
        {
            var name = parts[0][..at];
            var alias = parts[0][(at + 1)..];
            if (name.Length == 0 || alias.Length == 0)
                throw GyreException.InvalidParameter($"'{uri}' must look like models:/<name>@<alias>.");
            return new ModelUri(name, null, null, alias, SubPathOf(parts, 1));
        }
        if (parts.Length < 2 || parts[1].Length == 0)
            throw GyreException.InvalidParameter($"'{uri}' must name a version, a stage or 'latest': models:/<name>/<version|stage|latest>.");
        var modelName = parts[0];
        var selector = parts[1];
        var sub = SubPathOf(parts, 2);
        if (selector.Equals("latest", StringComparison.OrdinalIgnoreCase)) return new ModelUri(modelName, null, null, null, sub);
        if (long.TryParse(selector, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0)
            return new ModelUri(modelName, selector, null, null, sub);
        return new ModelUri(modelName, null, selector, null, sub);
    }

    public override string ToString()
    {
        var head = Alias is not null ? $"models:/{Name}@{Alias}" : $"models:/{Name}/{Version ?? Stage ?? "latest"}";
        return SubPath is null ? head : head + "/" + SubPath;
    }

    private static string? SubPathOf(string[] parts, int from) => parts.Length > from ? string.Join('/', parts[from..]) : null;
}
