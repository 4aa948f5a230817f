using Gyre.Core.Data;
using Gyre.Monitoring.Drift;
using Gyre.Monitoring.Drift.Windows;

namespace Gyre.Monitoring.Tests.Drift;

public class DriftWindowTests
{
    private static readonly DataFrame Reference = new([
        new DoubleColumn("x", Enumerable.Range(0, 500).Select(i => (i % 100) / 100.0).ToArray()),
        new StringColumn("c", Enumerable.Range(0, 500).Select(i => i % 2 == 0 ? "a" : "b").ToArray()),
    ]);

    [Fact]
    public void Fixed_window_reports_when_full_and_starts_over()
    {
        var window = new DriftWindow(Reference, null, new DriftWindowOptions { Size = 200, Mode = WindowMode.Fixed });
        var reports = new List<DatasetDriftResult>();
        for (var i = 0; i < 450; i++)
        {
            // First window like the reference; second one shifted upwards with only "a".
            var shifted = i >= 200;
            var row = new Dictionary<string, object?> { ["x"] = (i % 100) / 100.0 + (shifted ? 0.5 : 0), ["c"] = shifted ? "a" : (i % 2 == 0 ? "a" : "b") };
            if (window.Add(row) is { } report) reports.Add(report);
        }
        Assert.Equal(2, reports.Count);
        Assert.Equal(50, window.Count);
        Assert.All(reports, r => Assert.Equal(200, r.CurrentRows));
        Assert.False(reports[0].DatasetDrift);
        Assert.True(reports[1].DatasetDrift);
        Assert.Equal(2, reports[1].DriftedColumns);
    }

    [Fact]
    public void Sliding_window_reports_every_step_over_the_last_rows()
    {
        var window = new DriftWindow(Reference, null, new DriftWindowOptions { Size = 100, Mode = WindowMode.Sliding, Step = 25 });
        var reports = new List<(int Row, DatasetDriftResult Result)>();
        for (var i = 0; i < 300; i++)
        {
            var shifted = i >= 150;
            var row = new Dictionary<string, object?> { ["x"] = (i % 100) / 100.0 + (shifted ? 2 : 0), ["c"] = i % 2 == 0 ? "a" : "b" };
            if (window.Add(row) is { } report) reports.Add((i, report));
        }
        // Full at row 99, then every 25 rows: 99, 124, ..., 299.
        Assert.Equal(Enumerable.Range(0, 9).Select(k => 99 + 25 * k), reports.Select(r => r.Row));
        Assert.All(reports, r => Assert.Equal(100, r.Result.CurrentRows));
        Assert.False(reports[0].Result.Columns[0].Drift);
        Assert.True(reports[^1].Result.Columns[0].Drift); // the last 100 rows are all shifted
        Assert.False(reports[^1].Result.Columns[1].Drift);
    }

    [Fact]
    public void Values_can_be_fed_as_vectors_and_bad_values_are_rejected_clearly()
    {
        var numbers = new DataFrame([new DoubleColumn("p", Enumerable.Range(0, 300).Select(i => i / 300.0).ToArray())]);
        var window = new DriftWindow(DriftReference.Prepare(numbers), new DriftWindowOptions { Size = 10 });
        for (var i = 0; i < 9; i++) Assert.Null(window.Add([i / 10.0]));
        Assert.NotNull(window.Evaluate());
        Assert.Equal(9, window.Count);
        var e = Assert.Throws<Gyre.Core.Errors.GyreException>(() => window.Add(new Dictionary<string, object?> { ["p"] = "high" }));
        Assert.Contains("'high' is not a number", e.Message);
        Assert.Throws<Gyre.Core.Errors.GyreException>(() => window.Add([1.0, 2.0]));
    }
}
