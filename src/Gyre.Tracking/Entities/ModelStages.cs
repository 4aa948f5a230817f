using Gyre.Core.Errors;

namespace Gyre.Tracking.Entities;

/// <summary>MLflow's model version stages, spelled as MLflow spells them.</summary>
public static class ModelStages
{
    public const string None = "None";
    public const string Staging = "Staging";
    public const string Production = "Production";
    public const string Archived = "Archived";

    /// <summary>Internal marker for deleted versions (kept so version numbers are never reused).</summary>
    internal const string DeletedInternal = "Deleted_Internal";

    public static IReadOnlyList<string> All { get; } = [None, Staging, Production, Archived];

    /// <summary>Stages whose other versions <c>archive_existing_versions</c> may archive.</summary>
    public static IReadOnlyList<string> Active { get; } = [Staging, Production];

    /// <summary>Canonical spelling of a stage given in any case; INVALID_PARAMETER_VALUE if unknown.</summary>
    public static string Canonicalize(string? stage)
    {
        foreach (var s in All)
        {
            if (string.Equals(s, stage, StringComparison.OrdinalIgnoreCase)) return s;
        }
        throw GyreException.InvalidParameter(
            $"Invalid Model Version stage: {stage}. Value must be one of {string.Join(", ", All)}.");
    }
}
