using Gyre.Core.Data;
using Gyre.Monitoring.Drift;

namespace Gyre.Monitoring.Tests.Drift;

/// <summary>Bad or degenerate data gives a clear per-column status, never an exception or a NaN verdict.</summary>
public class RobustnessTests
{
    private static DataFrame Frame(params Column[] columns) => new(columns);

    private static double[] Normal(int n, double mean, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();
    }

    private static void NoNaNVerdicts(DatasetDriftResult result)
    {
        foreach (var c in result.Columns)
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Message));
            if (c.Status == ColumnDriftStatus.Evaluated)
            {
                Assert.NotNull(c.Drift);
                Assert.False(double.IsNaN(c.Statistic!.Value), c.Column);
                if (c.PValue is { } p) Assert.False(double.IsNaN(p), c.Column);
            }
            else
            {
                Assert.Null(c.Drift);
                Assert.Null(c.Statistic);
                Assert.Null(c.PValue);
            }
        }
    }

    [Fact]
    public void Missing_empty_all_nan_and_text_columns_are_not_evaluated_with_a_reason()
    {
        var reference = Frame(
            new DoubleColumn("ok", Normal(200, 0, 1)),
            new DoubleColumn("all_nan", Enumerable.Repeat(double.NaN, 200).ToArray()),
            new DoubleColumn("only_in_reference", Normal(200, 0, 2)),
            new DoubleColumn("text_in_current", Normal(200, 0, 3)));
        var currentText = Enumerable.Range(0, 200).Select(i => i == 7 ? "oops" : (i * 0.01).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var current = Frame(
            new DoubleColumn("ok", Normal(200, 2, 4)),
            new DoubleColumn("all_nan", Normal(200, 0, 5)),
            new StringColumn("text_in_current", currentText),
            new DoubleColumn("only_in_current", Normal(200, 0, 6)));

        var result = DriftDetector.Compare(reference, current);
        NoNaNVerdicts(result);
        var byName = result.Columns.ToDictionary(c => c.Column);
        Assert.Equal(5, byName.Count);
        Assert.True(byName["ok"].Drift);
        Assert.Contains("reference has no values", byName["all_nan"].Message);
        Assert.Contains("missing from the current data", byName["only_in_reference"].Message);
        Assert.Contains("missing from the reference data", byName["only_in_current"].Message);
        Assert.Contains("'oops' at data row 8", byName["text_in_current"].Message);
        Assert.Equal(1, result.EvaluatedColumns);
        Assert.Equal(4, result.NotEvaluatedColumns);
        Assert.True(result.DatasetDrift); // 1 of 1 evaluated column drifted
    }

    [Fact]
    public void Empty_frames_and_no_evaluable_columns_give_no_dataset_drift()
    {
        var empty = Frame(new DoubleColumn("x", []), new StringColumn("c", []));
        var result = DriftDetector.Compare(empty, empty);
        NoNaNVerdicts(result);
        Assert.Equal(0, result.EvaluatedColumns);
        Assert.False(result.DatasetDrift);
        Assert.Equal(0, result.DriftShare);
    }

    [Fact]
    public void Zero_variance_columns_have_finite_verdicts()
    {
        var constant = Enumerable.Repeat(5.0, 2000).ToArray();
        var shifted = Enumerable.Repeat(6.0, 2000).ToArray();
        var many = Enumerable.Range(0, 2000).Select(i => (double)(i % 50)).ToArray();
        var result = DriftDetector.Compare(
            Frame(new DoubleColumn("same", constant), new DoubleColumn("moved", many.Select(_ => 5.0).ToArray()), new DoubleColumn("spread", many)),
            Frame(new DoubleColumn("same", constant), new DoubleColumn("moved", shifted), new DoubleColumn("spread", many)),
            new DriftOptions { CategoricalMaxUnique = 0 });
        NoNaNVerdicts(result);
        var byName = result.Columns.ToDictionary(c => c.Column);
        Assert.Equal((false, 0.0), (byName["same"].Drift!.Value, byName["same"].Statistic!.Value));
        // A constant reference is normed by the 0.001 floor: moving by 1 is 1000 standard deviations.
        Assert.True(byName["moved"].Drift);
        Assert.Equal(1000, byName["moved"].Statistic!.Value, 9);
        Assert.False(byName["spread"].Drift);
    }

    [Fact]
    public void Unseen_categories_are_reported_and_counted()
    {
        var reference = Frame(new StringColumn("color", Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? "red" : "blue").ToArray()));
        var current = Frame(new StringColumn("color", Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? "purple" : i % 3 == 1 ? "red" : "blue").ToArray()));
        var result = DriftDetector.Compare(reference, current);
        var column = Assert.Single(result.Columns);
        Assert.Equal("chi2_contingency", column.Method);
        Assert.True(column.Drift);
        Assert.Equal(["purple"], column.NewCategories);
        Assert.Contains("purple", column.Message);
        Assert.Equal(["blue", "purple", "red"], column.Distribution!.Categories!);
        Assert.Equal(0, column.Distribution.Reference[1]);
    }

    [Fact]
    public void A_method_that_does_not_fit_the_column_type_is_explained()
    {
        var result = DriftDetector.Compare(
            Frame(new StringColumn("c", ["a", "b", "a", "b"]), new DoubleColumn("x", [1, 2, 3, 4])),
            Frame(new StringColumn("c", ["a", "b", "b", "b"]), new DoubleColumn("x", [1, 2, 3, 5])),
            new DriftOptions
            {
                PerColumn = new Dictionary<string, ColumnDriftSettings>
                {
                    ["c"] = new() { Method = DriftMethods.KolmogorovSmirnov },
                    ["x"] = new() { Method = DriftMethods.ChiSquare },
                },
            });
        NoNaNVerdicts(result);
        Assert.All(result.Columns, c => Assert.Equal(ColumnDriftStatus.NotEvaluated, c.Status));
        Assert.Contains("cannot compare column 'c', which is categorical", result.Columns[0].Message);
        Assert.Contains("cannot compare column 'x', which is numeric", result.Columns[1].Message);
    }

    [Fact]
    public void Infinite_values_are_left_out_and_mentioned()
    {
        var values = Normal(500, 0, 9);
        var withInfinity = values.Select((v, i) => i == 3 ? double.PositiveInfinity : v).ToArray();
        var result = DriftDetector.Compare(Frame(new DoubleColumn("x", values)), Frame(new DoubleColumn("x", withInfinity)));
        var column = Assert.Single(result.Columns);
        Assert.Equal(ColumnDriftStatus.Evaluated, column.Status);
        Assert.Equal(499, column.CurrentCount);
        Assert.Contains("1 infinite value(s) left out", column.Message);
    }
}
