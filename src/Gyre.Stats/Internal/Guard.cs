using Gyre.Core.Errors;

namespace Gyre.Stats.Internal;

/// <summary>Input checks shared by the statistics code; every failure is a user-facing INVALID_PARAMETER_VALUE.</summary>
internal static class Guard
{
    public static void NonEmptyFinite(ReadOnlySpan<double> values, string name)
    {
        if (values.IsEmpty) throw GyreException.InvalidParameter($"{name} must not be empty.");
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw GyreException.InvalidParameter($"{name}[{i}] is {values[i]}; values must be finite numbers.");
        }
    }

    public static void MinLength(ReadOnlySpan<double> values, int min, string name)
    {
        if (values.Length < min) throw GyreException.InvalidParameter($"{name} needs at least {min} values, got {values.Length}.");
    }

    public static void SameLength(int a, int b, string nameA, string nameB)
    {
        if (a != b) throw GyreException.InvalidParameter($"{nameA} and {nameB} must have the same length ({a} != {b}).");
    }

    public static void Probability(double p, string name)
    {
        if (!(p >= 0 && p <= 1)) throw GyreException.InvalidParameter($"{name} must be a probability in [0, 1], got {p}.");
    }

    public static void OpenProbability(double p, string name)
    {
        if (!(p > 0 && p < 1)) throw GyreException.InvalidParameter($"{name} must be in (0, 1), got {p}.");
    }

    public static void Positive(double v, string name)
    {
        if (!(v > 0) || double.IsNaN(v)) throw GyreException.InvalidParameter($"{name} must be positive, got {v}.");
    }

    /// <summary>Distribution shape parameters (degrees of freedom, beta shapes): positive and finite.</summary>
    public static void Shape(double v, string name)
    {
        if (!(v > 0) || !double.IsFinite(v)) throw GyreException.InvalidParameter($"{name} must be a positive finite number, got {v}.");
    }

    /// <summary>A point where a distribution is evaluated: anything but NaN (infinities are valid).</summary>
    public static void NotNaN(double v, string name)
    {
        if (double.IsNaN(v)) throw GyreException.InvalidParameter($"{name} must be a number, got NaN.");
    }

    public static void Finite(double v, string name)
    {
        if (!double.IsFinite(v)) throw GyreException.InvalidParameter($"{name} must be a finite number, got {v}.");
    }

    public static void NonNegativeFinite(ReadOnlySpan<double> values, string name)
    {
        if (values.IsEmpty) throw GyreException.InvalidParameter($"{name} must not be empty.");
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!double.IsFinite(v) || v < 0)
                throw GyreException.InvalidParameter($"{name}[{i}] is {v}; values must be finite and non-negative.");
        }
    }

    public static void Sorted(ReadOnlySpan<double> values, string name)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (!(values[i - 1] <= values[i]))
                throw GyreException.InvalidParameter($"{name} must be sorted ascending (index {i}).");
        }
    }
}
