using Gyre.Serving.Feedback;
using static Gyre.Serving.Tests.Feedback.FeedbackTestData;

namespace Gyre.Serving.Tests.Feedback;

public class PredictionIndexTests
{
    [Fact]
    public void ServedRequestsAreFoundByIdWithWhoAnsweredAndWhat()
    {
        var index = new PredictionIndex(time: new ManualTimeProvider(Start));
        index.OnScored(Scored("r1", "blue", Start, labels: [1, 0]));
        Assert.True(index.TryGet("r1", out var entry));
        Assert.Equal("churn", entry.Deployment);
        Assert.Equal("blue", entry.Variant);
        Assert.Equal("3", entry.ModelVersion);
        Assert.Equal([1.0, 0.0], entry.Prediction!);
        Assert.False(index.TryGet("r2", out _));
    }

    [Fact]
    public void LargeAnswersAreIndexedWithoutTheirPrediction()
    {
        var index = new PredictionIndex(new FeedbackOptions { MaxPredictionRows = 2 }, new ManualTimeProvider(Start));
        index.OnScored(Scored("small", "blue", Start, labels: [1, 0]));
        index.OnScored(Scored("large", "blue", Start, labels: [1, 0, 1]));
        Assert.True(index.TryGet("large", out var large));
        Assert.Null(large.Prediction);
        Assert.True(index.TryGet("small", out var small));
        Assert.Equal([1.0, 0.0], small.Prediction!);
    }

    [Fact]
    public void MirroredAndFailedRequestsAreNotIndexed()
    {
        var index = new PredictionIndex(time: new ManualTimeProvider(Start));
        index.OnScored(Scored("r1", "shadow", Start, mirrored: true, labels: [1]));
        index.OnScored(Scored("r2", "blue", Start, status: 400));
        Assert.False(index.TryGet("r1", out _));
        Assert.False(index.TryGet("r2", out _));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void TheOldestEntriesGoFirstBeyondTheSizeBound()
    {
        var index = new PredictionIndex(new FeedbackOptions { MaxEntries = 100 }, new ManualTimeProvider(Start));
        for (var i = 0; i < 250; i++) index.OnScored(Scored($"r{i}", "blue", Start));
        Assert.Equal(100, index.Count);
        Assert.False(index.TryGet("r149", out _));
        Assert.True(index.TryGet("r150", out _));
        Assert.True(index.TryGet("r249", out _));
    }

    [Fact]
    public void EntriesExpireAfterTheAgeBound()
    {
        var clock = new ManualTimeProvider(Start);
        var index = new PredictionIndex(new FeedbackOptions { MaxAge = TimeSpan.FromMinutes(10) }, clock);
        index.OnScored(Scored("old", "blue", clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(6));
        index.OnScored(Scored("new", "blue", clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(index.TryGet("old", out _));
        Assert.True(index.TryGet("new", out _));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void ARepeatedRequestIdKeepsTheNewestEntryWhenTheOldOneIsEvicted()
    {
        var index = new PredictionIndex(new FeedbackOptions { MaxEntries = 3 }, new ManualTimeProvider(Start));
        index.OnScored(Scored("dup", "blue", Start));
        index.OnScored(Scored("x", "blue", Start));
        index.OnScored(Scored("dup", "green", Start));
        index.OnScored(Scored("y", "blue", Start)); // evicts the first "dup" only
        Assert.True(index.TryGet("dup", out var entry));
        Assert.Equal("green", entry.Variant);
    }
}
