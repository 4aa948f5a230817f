using System.Globalization;
using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Policies.Basic;

/// <summary>
/// Typed, checked access to a policy's JSON settings: every bad or unknown setting is an
/// INVALID_PARAMETER_VALUE naming the policy, the setting and what was expected.
/// </summary>
internal sealed class PolicySettings
{
    private readonly string _kind;
    private readonly JsonElement _settings;

    public PolicySettings(PolicySpec spec, IReadOnlyList<string> variants, params string[] known)
    {
        _kind = spec.Kind;
        Variants = variants;
        if (variants.Count == 0) throw Bad("needs at least one variant");
        _settings = spec.Settings;
        if (_settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return;
        if (_settings.ValueKind != JsonValueKind.Object) throw Bad($"settings must be a JSON object, got {_settings.ValueKind}");
        foreach (var property in _settings.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0 && property.Name is not ("key_header" or "key_field"))
                throw Bad($"has no setting '{property.Name}'; known settings: {string.Join(", ", known)}");
        }
    }

    public IReadOnlyList<string> Variants { get; }

    public GyreException Bad(string message) => GyreException.InvalidParameter($"Policy '{_kind}' {message}.");

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return _settings.ValueKind == JsonValueKind.Object && _settings.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>A variant name setting; must name one of the deployment's variants.</summary>
    public string Variant(string name, string fallback)
    {
        if (!TryGet(name, out var value)) return fallback;
        if (value.ValueKind != JsonValueKind.String) throw Bad($"setting '{name}' must be a variant name (a string)");
        return CheckVariant(value.GetString()!, name);
    }

    public string CheckVariant(string variant, string setting)
    {
        foreach (var v in Variants) if (v == variant) return v;
        throw Bad($"setting '{setting}' names variant '{variant}', which is not one of this deployment's variants ({string.Join(", ", Variants)})");
    }

    public double Number(string name, double fallback, double min, double max)
    {
        if (!TryGet(name, out var value)) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            throw Bad($"setting '{name}' must be a number");
        if (number < min || number > max)
            throw Bad($"setting '{name}' must be within [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}], got {number.ToString(CultureInfo.InvariantCulture)}");
        return number;
    }

    public double? OptionalNumber(string name, double min, double max) => TryGet(name, out _) ? Number(name, 0, min, max) : null;

    public int Integer(string name, int fallback, int min, int max)
    {
        var number = Number(name, fallback, min, max);
        if (number != Math.Floor(number)) throw Bad($"setting '{name}' must be a whole number");
        return (int)number;
    }

    public bool Flag(string name, bool fallback)
    {
        if (!TryGet(name, out var value)) return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad($"setting '{name}' must be true or false"),
        };
    }

    public string Text(string name, string fallback)
    {
        if (!TryGet(name, out var value)) return fallback;
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString())) throw Bad($"setting '{name}' must be a non-empty string");
        return value.GetString()!;
    }

    public double[]? NumberList(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) throw Bad($"setting '{name}' must be a list of numbers");
        var list = new List<double>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out var number) || !double.IsFinite(number))
                throw Bad($"setting '{name}' must be a list of numbers");
            list.Add(number);
        }
        return list.ToArray();
    }

    /// <summary>An object of variant name → number (e.g. weights).</summary>
    public Dictionary<string, double>? VariantNumbers(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Object) throw Bad($"setting '{name}' must be an object of variant name to number");
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            CheckVariant(property.Name, name);
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var number) || !double.IsFinite(number) || number < 0)
                throw Bad($"setting '{name}' gives variant '{property.Name}' a weight that is not a non-negative number");
            result[property.Name] = number;
        }
        return result;
    }
}
