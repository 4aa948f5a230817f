using Gyre.Core.Errors;

namespace Gyre.Serving.Feedback;

/// <summary>How many feedback items were taken, and why the others were not.</summary>
public sealed record FeedbackResult(int Accepted, IReadOnlyList<FeedbackRejection> Rejected);

/// <summary>One item that was not taken: its position in the request, its request id, an error code and message.</summary>
public sealed record FeedbackRejection(int Index, string RequestId, ErrorCode Code, string Message);
