using Gyre.Core.Data;
using Gyre.Monitoring.Validation;

namespace Gyre.Monitoring.Tests.Validation;

public class ExpectationTests
{
    private static readonly DataFrame Orders = CsvTable.Parse("""
        id,amount,status,email,paid
        1,10,new,a@x.org,true
        2,20,paid,b@x.org,false
        3,,paid,not-an-email,true
        3,40,lost,c@x.org,
        5,1000,paid,c@x.org,true
        """);

    private static ExpectationResult Run(string yaml, DataFrame? data = null) =>
        Assert.Single(SuiteParser.Parse(yaml).Run(data ?? Orders, new ValidationOptions { MaxExamples = 5 }).Results);

    [Fact]
    public void Not_null_counts_missing_values_over_all_rows()
    {
        var r = Run("columns: {amount: [not_null]}");
        Assert.False(r.Success);
        Assert.Equal((5L, 1L, 20.0), (r.ElementCount, r.UnexpectedCount, r.UnexpectedPercent));
    }

    [Fact]
    public void Between_reports_offending_values_and_honours_mostly()
    {
        var r = Run("columns: {amount: [{between: {min: 0, max: 100}}]}");
        Assert.False(r.Success);
        Assert.Equal((4L, 1L), (r.ElementCount, r.UnexpectedCount));
        Assert.Equal(["1000"], r.UnexpectedExamples);
        Assert.True(Run("columns: {amount: [{between: {min: 0, max: 100, mostly: 0.75}}]}").Success);
        Assert.False(Run("columns: {amount: [{between: {min: 0, max: 100, mostly: 0.8}}]}").Success);
    }

    [Fact]
    public void Text_in_a_numeric_column_is_unexpected_for_between_and_unevaluable_for_a_mean()
    {
        var data = CsvTable.Parse("x\n1\n2\noops\n3\n");
        var between = Run("columns: {x: [{between: {min: 0, max: 10}}]}", data);
        Assert.False(between.Success);
        Assert.Equal(["oops"], between.UnexpectedExamples);
        var mean = Run("columns: {x: [{mean_between: {min: 0, max: 10}}]}", data);
        Assert.False(mean.Success);
        Assert.Contains("'oops' at data row 3", mean.Error);
    }

    [Fact]
    public void In_set_unique_regex_and_rates()
    {
        var inSet = Run("columns: {status: [{in_set: [new, paid, shipped]}]}");
        Assert.Equal(1L, inSet.UnexpectedCount);
        Assert.Equal(["lost"], inSet.UnexpectedExamples);
        Assert.True(Run("columns: {id: [{in_set: ['1.0', '2', '3', '5']}]}").Success); // numeric comparison

        var unique = Run("columns: {id: [unique]}");
        Assert.Equal(2L, unique.UnexpectedCount); // both rows holding 3
        Assert.Equal(["3"], unique.UnexpectedExamples);

        var regex = Run("columns: {email: [{regex: '^[^@]+@[^@]+$'}]}");
        Assert.Equal(["not-an-email"], regex.UnexpectedExamples);

        var dup = Run("columns: {email: [{max_duplicate_rate: 0.1}]}");
        Assert.False(dup.Success);
        Assert.Equal(0.2, dup.ObservedValue!.Value, 12);
        Assert.True(Run("columns: {email: [{max_duplicate_rate: 0.2}]}").Success);

        var nulls = Run("columns: {paid: [{max_null_rate: 0.1}]}");
        Assert.False(nulls.Success);
        Assert.Equal(0.2, nulls.ObservedValue!.Value, 12);
    }

    [Fact]
    public void Aggregates_compare_the_statistic_with_the_range()
    {
        // amount: 10, 20, 40, 1000 -> mean 267.5, median 30, 0.25 quantile 17.5
        var mean = Run("columns: {amount: [{mean_between: {min: 0, max: 100}}]}");
        Assert.False(mean.Success);
        Assert.Equal(267.5, mean.ObservedValue);
        Assert.Equal(30, Run("columns: {amount: [{median_between: {min: 25, max: 35}}]}").ObservedValue);
        Assert.Equal(17.5, Run("columns: {amount: [{quantile_between: {quantile: 0.25, min: 17, max: 18}}]}").ObservedValue);
        var std = Run("columns: {amount: [{std_between: {min: 400, max: 500}}]}");
        Assert.True(std.Success, std.Message); // sample std = sqrt(715875 / 3)
        Assert.Equal(Math.Sqrt(715875.0 / 3), std.ObservedValue!.Value, 9);
    }

    [Fact]
    public void Min_class_share_names_the_rare_classes()
    {
        var r = Run("columns: {status: [{min_class_share: 0.25}]}");
        Assert.False(r.Success);
        Assert.Equal(2L, r.UnexpectedCount); // new and lost at 0.2
        Assert.Equal(0.2, r.ObservedValue);
        Assert.Contains(r.UnexpectedExamples, e => e.StartsWith("lost", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_lists_every_problem()
    {
        var r = Run("table: [{schema: {columns: {id: integer, amount: integer, status: number, missing: any}, allow_extra_columns: false}}]");
        Assert.False(r.Success);
        Assert.Contains("column 'status' is string, expected number", r.UnexpectedExamples);
        Assert.Contains("missing column 'missing'", r.UnexpectedExamples);
        Assert.Contains("unexpected column 'email'", r.UnexpectedExamples);
        Assert.DoesNotContain(r.UnexpectedExamples, p => p.Contains("'id'"));
        Assert.True(Run("table: [{schema: {columns: {id: integer, amount: number, paid: bool}}}]").Success);
    }

    [Fact]
    public void Missing_columns_and_row_counts_fail_with_a_reason_instead_of_throwing()
    {
        var report = SuiteParser.Parse("""
            table: [{row_count_between: {min: 10}}]
            columns: {nope: [not_null, {mean_between: {min: 0}}]}
            """).Run(Orders);
        Assert.False(report.Success);
        Assert.Equal(3, report.Failed);
        Assert.Equal(5, report.Results[0].ObservedValue);
        Assert.All(report.Results.Skip(1), r => Assert.Contains("column 'nope' is not in the data", r.Error));
    }

    [Fact]
    public void Empty_column_aggregates_are_unevaluable_not_nan()
    {
        var data = CsvTable.Parse("a,b\n,1\n,2\n");
        var r = Run("columns: {a: [{mean_between: {min: 0, max: 1}}]}", data);
        Assert.False(r.Success);
        Assert.Null(r.ObservedValue);
        Assert.Contains("no non-missing values", r.Error);
    }
}
