using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Validation;

namespace Gyre.Tracking.LoggedModels;

/// <summary>MLflow's checks on logged-model names, tags and params.</summary>
public static class LoggedModelValidation
{
    private static readonly char[] BadNameCharacters = ['/', ':', '.', '%', '"', '\''];

    /// <summary>A given name must be non-empty and free of <c>/ : . % " '</c> (MLflow's _validate_logged_model_name).</summary>
    public static void Name(string? name)
    {
        if (name is null) return;
        if (name.Length == 0 || name.IndexOfAny(BadNameCharacters) >= 0)
            throw GyreException.InvalidParameter(
                $"Invalid model name ('{name}') provided. Model name must be a non-empty string and cannot contain the following characters: ('/', ':', '.', '%', '\"', \"'\")");
    }

    public static void Tag(LoggedModelTag tag) => TrackingValidation.Tag(new RunTag(tag.Key, tag.Value));

    public static void Param(LoggedModelParameter param) => TrackingValidation.Param(new Param(param.Key, param.Value));

}
