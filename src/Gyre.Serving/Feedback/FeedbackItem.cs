namespace Gyre.Serving.Feedback;

/// <summary>One piece of feedback as the API takes it: a reward and/or a label for a request id.</summary>
public sealed record FeedbackItem(string RequestId, double? Reward, string? Label, string? Deployment = null);
