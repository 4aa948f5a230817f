using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Serving.PredictionLog;

namespace Gyre.Serving.Tests;

public sealed class PredictionLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"gyre-plog-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static PredictionRecord Record(int i, string deployment = "churn") => new(
        $"req-{i}", new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).AddSeconds(i), deployment, "3",
        new Dictionary<string, object?> { ["tenure"] = (double)i, ["plan"] = i % 2 == 0 ? "basic" : "pro", ["missing"] = null },
        new Dictionary<string, object?> { ["probability"] = i / 1000.0 }, 0.4);

    [Fact]
    public async Task RecordsRoundTripThroughTheFiles()
    {
        await using (var log = new PredictionLogWriter(_folder))
        {
            for (var i = 0; i < 100; i++) log.Offer(Record(i, i < 50 ? "churn" : "fraud"));
            await log.FlushAsync(TestContext.Current.CancellationToken);
            Assert.Equal(100, log.Written);
        }

        var churn = PredictionLogReader.Read(_folder, deployment: "churn").ToList();
        Assert.Equal(50, churn.Count);
        Assert.Equal("req-7", churn[7].RequestId);
        Assert.Equal(7.0, churn[7].Inputs["tenure"]);
        Assert.Equal("pro", churn[7].Inputs["plan"]);
        Assert.Null(churn[7].Inputs["missing"]);
        Assert.Equal(0.007, churn[7].Outputs["probability"]);
        Assert.Equal(Record(7).Timestamp, churn[7].Timestamp);

        var recent = PredictionLogReader.Read(_folder, since: Record(90).Timestamp).ToList();
        Assert.Equal(10, recent.Count);
    }

    [Fact]
    public async Task FilesRotateBySizeAndOnlyTheNewestAreKept()
    {
        await using (var log = new PredictionLogWriter(_folder, new PredictionLogOptions { MaxFileBytes = 2048, MaxFiles = 3 }))
        {
            for (var i = 0; i < 500; i++) log.Offer(Record(i));
            await log.FlushAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, PredictionLogReader.LogFiles(_folder).Count);
        var kept = PredictionLogReader.Read(_folder).ToList();
        Assert.InRange(kept.Count, 10, 100);
        Assert.Equal("req-499", kept[^1].RequestId); // the newest survive
    }

    [Fact]
    public async Task SamplingKeepsAboutTheConfiguredShare()
    {
        await using var log = new PredictionLogWriter(_folder, new PredictionLogOptions { SampleRate = 0.1 });
        for (var i = 0; i < 20_000; i++) log.Offer(Record(i));
        await log.FlushAsync(TestContext.Current.CancellationToken);
        Assert.InRange(log.Written, 2000 - 250, 2000 + 250); // binomial sd = 42
    }

    [Fact]
    public void RecordsBecomeATableForDriftDetection()
    {
        var frame = PredictionLogReader.ToDataFrame(Enumerable.Range(0, 10).Select(i => Record(i)).ToList());
        Assert.Equal(10, frame.RowCount);
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9], ((DoubleColumn)frame["tenure"]).Values);
        Assert.IsType<StringColumn>(frame["plan"]);
        Assert.Equal(0.009, ((DoubleColumn)frame["output.probability"]).Values[9]);
    }

    [Fact]
    public async Task ALineCutShortByACrashIsSkipped()
    {
        await using (var log = new PredictionLogWriter(_folder))
        {
            log.Offer(Record(1));
            await log.FlushAsync(TestContext.Current.CancellationToken);
        }
        var file = PredictionLogReader.LogFiles(_folder).Single();
        await File.AppendAllTextAsync(file, "{\"request_id\":\"req-2\",\"timest", TestContext.Current.CancellationToken);
        Assert.Equal(["req-1"], PredictionLogReader.Read(_folder).Select(r => r.RequestId));
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Throws<GyreException>(() => new PredictionLogWriter(_folder, new PredictionLogOptions { SampleRate = 1.5 }));
        Assert.Throws<GyreException>(() => new PredictionLogWriter(_folder, new PredictionLogOptions { MaxFiles = 0 }));
    }
}
