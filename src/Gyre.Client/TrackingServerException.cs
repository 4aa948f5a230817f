using Gyre.Core.Errors;

namespace Gyre.Client;

/// <summary>
/// The tracking server answered with an error. <see cref="GyreException.Code"/> is the server's MLflow
/// <c>error_code</c> when Gyre knows it; <see cref="ServerErrorCode"/> always holds the code exactly as sent.
/// </summary>
public sealed class TrackingServerException(ErrorCode code, string serverErrorCode, int httpStatus, string message, Exception? inner = null)
    : GyreException(code, message, inner)
{
    /// <summary>The <c>error_code</c> string from the response body (or a code derived from the HTTP status).</summary>
    public string ServerErrorCode { get; } = serverErrorCode;

    /// <summary>The HTTP status the server answered with.</summary>
    public int ResponseStatus { get; } = httpStatus;
}
