namespace Gyre.Core.Errors;

/// <summary>
/// Error codes, spelled as MLflow's <c>databricks.proto</c> spells them so that they travel unchanged
/// in <c>{"error_code": ...}</c> bodies.
/// </summary>
public enum ErrorCode
{
    INTERNAL_ERROR,
    INVALID_PARAMETER_VALUE,
    MALFORMED_REQUEST,
    BAD_REQUEST,
    RESOURCE_DOES_NOT_EXIST,
    RESOURCE_ALREADY_EXISTS,
    INVALID_STATE,
    PERMISSION_DENIED,
    ENDPOINT_NOT_FOUND,
    TEMPORARILY_UNAVAILABLE,
    NOT_IMPLEMENTED,
}
