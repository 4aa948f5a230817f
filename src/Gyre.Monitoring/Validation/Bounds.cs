using System.Globalization;

namespace Gyre.Monitoring.Validation;

/// <summary>Shared range logic for the "between" family.</summary>
internal static class Bounds
{
    public static bool Contains(double value, double? min, double? max, bool strictMin = false, bool strictMax = false)
    {
        if (double.IsNaN(value)) return false;
        if (min is { } lo && (strictMin ? value <= lo : value < lo)) return false;
        if (max is { } hi && (strictMax ? value >= hi : value > hi)) return false;
        return true;
    }

    public static string Describe(double? min, double? max, bool strictMin = false, bool strictMax = false) => (min, max) switch
    {
        ({ } lo, { } hi) => $"between {Format(lo)} and {Format(hi)}{(strictMin || strictMax ? " (strict)" : "")}",
        ({ } lo, null) => $"{(strictMin ? ">" : ">=")} {Format(lo)}",
        (null, { } hi) => $"{(strictMax ? "<" : "<=")} {Format(hi)}",
        _ => "unbounded",
    };

    public static string Format(double value) => value.ToString("G10", CultureInfo.InvariantCulture);
}
