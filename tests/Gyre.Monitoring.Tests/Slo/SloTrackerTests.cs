using Gyre.Core.Errors;
using Gyre.Monitoring.Slo;

namespace Gyre.Monitoring.Tests.Slo;

public class SloTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ErrorBudgetIsSpentInProportionToBadEvents()
    {
        var clock = new ManualTimeProvider(Start);
        var tracker = new SloTracker(new SloDefinition("availability", SloKind.Availability, 0.99, TimeSpan.FromDays(30)), clock);
        for (var i = 0; i < 1000; i++)
        {
            tracker.Record(succeeded: i % 200 != 0, TimeSpan.FromMilliseconds(5)); // 5 bad of 1000
            if (i % 100 == 0) clock.Advance(TimeSpan.FromMinutes(7));
        }

        var status = tracker.Status();
        Assert.Equal(995, status.GoodEvents);
        Assert.Equal(5, status.BadEvents);
        Assert.Equal(0.995, status.Compliance, 12);
        Assert.Equal(0.5, status.ErrorBudgetRemaining, 12); // 5 bad of the 10 allowed
        Assert.True(status.IsMet);
    }

    [Fact]
    public void LatencyObjectiveCountsSlowRequestsAsBad()
    {
        var tracker = new SloTracker(new SloDefinition("p-fast", SloKind.Latency, 0.9, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(50)),
            new ManualTimeProvider(Start));
        tracker.Record(true, TimeSpan.FromMilliseconds(10));
        tracker.Record(true, TimeSpan.FromMilliseconds(50));
        tracker.Record(true, TimeSpan.FromMilliseconds(51));
        tracker.Record(false, TimeSpan.FromMilliseconds(1));

        var status = tracker.Status();
        Assert.Equal(2, status.GoodEvents);
        Assert.Equal(2, status.BadEvents);
        Assert.False(status.IsMet);
    }

    [Fact]
    public void EventsOlderThanTheWindowNoLongerCount()
    {
        var clock = new ManualTimeProvider(Start);
        var tracker = new SloTracker(new SloDefinition("a", SloKind.Availability, 0.99, TimeSpan.FromHours(1)), clock);
        tracker.Record(false, TimeSpan.Zero);
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(1, tracker.Status().BadEvents);
        clock.Advance(TimeSpan.FromMinutes(2));
        tracker.Record(true, TimeSpan.Zero);
        var status = tracker.Status();
        Assert.Equal(0, status.BadEvents);
        Assert.Equal(1, status.GoodEvents);
    }

    [Fact]
    public void AFastBurnPagesAndStopsPagingSoonAfterRecovery()
    {
        var clock = new ManualTimeProvider(Start);
        var tracker = new SloTracker(new SloDefinition("availability", SloKind.Availability, 0.999, TimeSpan.FromDays(30)), clock);
        // An hour of healthy traffic, then 20 minutes at a 10 % error rate: a 100x burn.
        for (var minute = 0; minute < 60; minute++, clock.Advance(TimeSpan.FromMinutes(1)))
            for (var i = 0; i < 100; i++) tracker.Record(true, TimeSpan.Zero);
        Assert.Empty(tracker.Status().Alerts);
        for (var minute = 0; minute < 20; minute++, clock.Advance(TimeSpan.FromMinutes(1)))
            for (var i = 0; i < 100; i++) tracker.Record(i % 10 != 0, TimeSpan.Zero);

        var alert = Assert.Single(tracker.Status().Alerts, a => a.LongWindow == TimeSpan.FromHours(1));
        Assert.Equal("page", alert.Severity);
        Assert.Equal(14.4, alert.Threshold);
        Assert.Equal(100, alert.ShortWindowBurnRate, 6); // the last minutes are all at 10 % errors
        Assert.True(alert.LongWindowBurnRate > 14.4);

        // Healthy again: the 5-minute window clears and the page stops though the hour still looks bad.
        for (var minute = 0; minute < 6; minute++, clock.Advance(TimeSpan.FromMinutes(1)))
            for (var i = 0; i < 100; i++) tracker.Record(true, TimeSpan.Zero);
        Assert.True(tracker.BurnRate(TimeSpan.FromHours(1)) > 5);
        Assert.DoesNotContain(tracker.Status().Alerts, a => a.LongWindow == TimeSpan.FromHours(1));
    }

    [Fact]
    public void ShortObjectiveWindowsScaleTheAlertWindows()
    {
        var tracker = new SloTracker(new SloDefinition("a", SloKind.Availability, 0.99, TimeSpan.FromDays(3)), new ManualTimeProvider(Start));
        // 3 days is a tenth of 30: the 1 h / 5 min page becomes 6 min / 1 min (never below a minute).
        Assert.Equal(TimeSpan.FromMinutes(6), tracker.Rules[0].LongWindow);
        Assert.Equal(TimeSpan.FromMinutes(1), tracker.Rules[0].ShortWindow);
        Assert.Equal(14.4, tracker.Rules[0].Threshold);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    public void ObjectivesOutsideTheOpenUnitIntervalAreRejected(double objective)
    {
        var error = Assert.Throws<GyreException>(() => new SloDefinition("x", SloKind.Availability, objective, TimeSpan.FromDays(1)));
        Assert.Contains("objective must be between 0 and 1", error.Message);
    }

    [Fact]
    public void LatencyObjectiveWithoutAThresholdIsRejected()
    {
        Assert.Throws<GyreException>(() => new SloDefinition("x", SloKind.Latency, 0.99, TimeSpan.FromDays(1)));
    }
}
