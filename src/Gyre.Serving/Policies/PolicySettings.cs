using System.Globalization;
using System.Text.Json;
using Gyre.Core.Errors;

namespace Gyre.Serving.Policies;

/// <summary>
/// Reads one policy's settings object, naming the policy and the setting in every error, and rejects
/// settings it does not know (a typo such as "tolerence" must not silently fall back to a default).
/// Shared by every built-in policy.
/// </summary>
internal sealed class PolicySettings
{
    private readonly string _kind;
    private readonly string _prefix;
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);

    public PolicySettings(string kind, JsonElement settings, IReadOnlyCollection<string> known)
        : this(kind, "", settings, known)
    {
    }

    private PolicySettings(string kind, string prefix, JsonElement settings, IReadOnlyCollection<string> known)
    {
        _kind = kind;
        _prefix = prefix;
        if (settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return;
        if (settings.ValueKind != JsonValueKind.Object)
            throw GyreException.InvalidParameter($"The {kind} policy's settings{(prefix.Length > 0 ? " '" + prefix.TrimEnd('.') + "'" : "")} must be a JSON object, got {settings.ValueKind}.");
        foreach (var property in settings.EnumerateObject())
        {
            if (!known.Contains(property.Name))
                throw GyreException.InvalidParameter(
                    $"Unknown setting '{_prefix}{property.Name}' for the {kind} policy; known: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            _values[property.Name] = property.Value;
        }
    }

    /// <summary>Reads <paramref name="spec"/>'s settings; <c>key_header</c> and <c>key_field</c> (the sticky routing key) are always allowed.</summary>
    public static PolicySettings Of(Deployments.PolicySpec spec, params string[] known) =>
        new(spec.Kind, spec.Settings, [.. known, "key_header", "key_field"]);

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>An error about the policy as a whole, e.g. <c>Bad("needs two variants")</c>.</summary>
    public GyreException Bad(string message) => GyreException.InvalidParameter($"The {_kind} policy {message}.");

    public string Text(string name, string fallback) => String(name) ?? fallback;

    /// <summary>A list of finite numbers; null when absent.</summary>
    public double[]? NumberList(string name)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw Bad(name, "a list of numbers", value);
        var list = new List<double>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out var number) || !double.IsFinite(number))
                throw Bad(name, "a list of finite numbers", value);
            list.Add(number);
        }
        return [.. list];
    }

    public string? String(string name)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw Bad(name, "a non-empty string", value);
        return value.GetString()!;
    }

    public string Choice(string name, string fallback, params string[] choices)
    {
        var chosen = String(name) ?? fallback;
        if (!choices.Contains(chosen, StringComparer.Ordinal))
            throw GyreException.InvalidParameter(
                $"The {_kind} policy's setting '{_prefix}{name}' is '{chosen}'; expected one of: {string.Join(", ", choices)}.");
        return chosen;
    }

    public double Double(string name, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            throw Bad(name, "a finite number", value);
        if (number < min || number > max)
            throw GyreException.InvalidParameter(
                $"The {_kind} policy's setting '{_prefix}{name}' is {Format(number)}; it must be between {Format(min)} and {Format(max)}.");
        return number;
    }

    public double? OptionalDouble(string name, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        Has(name) && _values[name].ValueKind != JsonValueKind.Null ? Double(name, 0, min, max) : null;

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw Bad(name, "a whole number", value);
        if (number < min || number > max)
            throw GyreException.InvalidParameter($"The {_kind} policy's setting '{_prefix}{name}' is {number}; it must be between {min} and {max}.");
        return number;
    }

    public int? OptionalInt(string name) => Has(name) && _values[name].ValueKind != JsonValueKind.Null ? Int(name, 0) : null;

    public bool Bool(string name, bool fallback)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad(name, "true or false", value),
        };
    }

    /// <summary>A variant name that must be one of <paramref name="variants"/>.</summary>
    public string Variant(string name, IReadOnlyList<string> variants, string fallback)
    {
        var chosen = String(name) ?? fallback;
        if (!variants.Contains(chosen, StringComparer.Ordinal))
            throw GyreException.InvalidParameter(
                $"The {_kind} policy's setting '{_prefix}{name}' names variant '{chosen}', which the deployment does not have; variants: {string.Join(", ", variants)}.");
        return chosen;
    }

    /// <summary>A list of variant names, each one of <paramref name="variants"/>, without repeats; null when absent.</summary>
    public IReadOnlyList<string>? VariantList(string name, IReadOnlyList<string> variants)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw Bad(name, "an array of variant names", value);
        var names = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw Bad(name, "an array of variant names", value);
            var variant = item.GetString()!;
            if (!variants.Contains(variant, StringComparer.Ordinal))
                throw GyreException.InvalidParameter(
                    $"The {_kind} policy's setting '{_prefix}{name}' names variant '{variant}', which the deployment does not have; variants: {string.Join(", ", variants)}.");
            if (names.Contains(variant, StringComparer.Ordinal))
                throw GyreException.InvalidParameter($"The {_kind} policy's setting '{_prefix}{name}' names variant '{variant}' twice.");
            names.Add(variant);
        }
        return names;
    }

    /// <summary>
    /// Weights per variant (an object of numbers); null when absent. With <paramref name="everyVariant"/> every
    /// variant must be named, otherwise an unnamed variant weighs 0.
    /// </summary>
    public IReadOnlyDictionary<string, double>? Weights(string name, IReadOnlyList<string> variants, bool everyVariant = true)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw Bad(name, "an object of variant name to weight", value);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!variants.Contains(property.Name, StringComparer.Ordinal))
                throw GyreException.InvalidParameter(
                    $"The {_kind} policy's setting '{_prefix}{name}' weights variant '{property.Name}', which the deployment does not have; variants: {string.Join(", ", variants)}.");
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var weight)
                || !double.IsFinite(weight) || weight < 0)
                throw GyreException.InvalidParameter(
                    $"The {_kind} policy's weight for variant '{property.Name}' is {property.Value.GetRawText()}; weights must be finite non-negative numbers.");
            weights[property.Name] = weight;
        }
        var missing = variants.Where(v => !weights.ContainsKey(v)).ToArray();
        foreach (var variant in everyVariant ? [] : missing) weights[variant] = 0;
        if (everyVariant && missing.Length > 0)
            throw GyreException.InvalidParameter(
                $"The {_kind} policy's setting '{_prefix}{name}' gives no weight to variant(s) {string.Join(", ", missing)}; weight every variant (0 for none).");
        if (weights.Values.Sum() <= 0)
            throw GyreException.InvalidParameter($"The {_kind} policy's setting '{_prefix}{name}' needs a positive total weight.");
        return weights;
    }

    /// <summary>A nested settings object (e.g. guardrails), read with the same rules.</summary>
    public PolicySettings Section(string name, IReadOnlyCollection<string> known)
    {
        _values.TryGetValue(name, out var value);
        if (value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
            throw Bad(name, "a JSON object", value);
        return new PolicySettings(_kind, _prefix + name + ".", value, known);
    }

    private GyreException Bad(string name, string expected, JsonElement value) =>
        GyreException.InvalidParameter($"The {_kind} policy's setting '{_prefix}{name}' must be {expected}, got {value.GetRawText()}.");

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
