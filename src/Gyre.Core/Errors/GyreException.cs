namespace Gyre.Core.Errors;

/// <summary>An error a user can act on: a code for machines, a message for people.</summary>
public class GyreException(ErrorCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public ErrorCode Code { get; } = code;

    /// <summary>The HTTP status MLflow's server answers with for this code.</summary>
    public int HttpStatus => Code switch
    {
        ErrorCode.RESOURCE_DOES_NOT_EXIST or ErrorCode.ENDPOINT_NOT_FOUND => 404,
        ErrorCode.PERMISSION_DENIED => 403,
        ErrorCode.INTERNAL_ERROR => 500,
        ErrorCode.NOT_IMPLEMENTED => 501,
        ErrorCode.TEMPORARILY_UNAVAILABLE => 503,
        _ => 400,
    };

    public static GyreException InvalidParameter(string message) => new(ErrorCode.INVALID_PARAMETER_VALUE, message);
    public static GyreException NotFound(string message) => new(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
    public static GyreException AlreadyExists(string message) => new(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
    public static GyreException InvalidState(string message) => new(ErrorCode.INVALID_STATE, message);
}
