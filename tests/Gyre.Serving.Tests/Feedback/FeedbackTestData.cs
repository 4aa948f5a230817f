using Gyre.Models.Abstractions;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Tests.Feedback;

internal static class FeedbackTestData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static ScoredRequest Scored(string requestId, string variant, DateTimeOffset at, string deployment = "churn",
        bool mirrored = false, int status = 200, params long[] labels) =>
        new(deployment, variant, "3", requestId, mirrored, status, TimeSpan.FromMilliseconds(2), null,
            labels.Length == 0 ? null : new Dictionary<string, Tensor> { ["label"] = Tensor.FromInt64(labels, labels.Length) }, at);
}
