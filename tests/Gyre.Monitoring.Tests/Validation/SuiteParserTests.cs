using Gyre.Core.Errors;
using Gyre.Monitoring.Validation;
using Gyre.Monitoring.Validation.Expectations;

namespace Gyre.Monitoring.Tests.Validation;

public class SuiteParserTests
{
    [Fact]
    public void Parses_every_expectation_form_with_lines()
    {
        var suite = SuiteParser.Parse("""
            suite: orders
            description: Nightly order export
            table:
              - row_count_between: {min: 10, max: 1000}
              - schema:
                  columns: {id: integer, amount: number, status: string, paid: bool}
                  allow_extra_columns: false
              - not_null: {column: id}
            columns:
              id: [not_null, unique]
              amount:
                - between: {min: 0, max: 500, mostly: 0.99}
                - mean_between: {min: 10, max: 100}
                - median_between: {max: 90}
                - std_between: {min: 1}
                - quantile_between: {quantile: 0.95, max: 400}
              status:
                - in_set: [new, paid, shipped]
                - min_class_share: 0.05
                - max_null_rate: 0.1
              email:
                - regex: '^[^@]+@[^@]+$'
                - max_duplicate_rate: {max: 0.01}
            """, "orders.yaml");
        Assert.Equal("orders", suite.Name);
        Assert.Equal("Nightly order export", suite.Description);
        Assert.Equal(15, suite.Expectations.Count);
        var between = Assert.IsType<BetweenExpectation>(suite.Expectations.Single(e => e.Name == "between"));
        Assert.Equal(("amount", 0.0, 500.0, 0.99, 12), (between.Column, between.Min, between.Max, between.Mostly, between.Line));
        var inSet = Assert.IsType<InSetExpectation>(suite.Expectations.Single(e => e.Name == "in_set"));
        Assert.Equal(["new", "paid", "shipped"], inSet.Values);
        var schema = Assert.IsType<SchemaExpectation>(suite.Expectations.Single(e => e.Name == "schema"));
        Assert.False(schema.AllowExtraColumns);
        Assert.Contains(("id", SchemaType.Integer), schema.Columns);
        Assert.Equal("id", suite.Expectations.Single(e => e.Name == "not_null" && e.Line == 8).Column);
        Assert.Equal(0.95, Assert.IsType<QuantileBetweenExpectation>(suite.Expectations.Single(e => e.Name == "quantile_between")).Quantile);
        Assert.Equal(0.05, Assert.IsType<MinClassShareExpectation>(suite.Expectations.Single(e => e.Name == "min_class_share")).Min);
    }

    [Theory]
    [InlineData("columns:\n  a:\n    - not_nul\n", "line 3", "unknown expectation 'not_nul'", "did you mean 'not_null'")]
    [InlineData("columns:\n  a:\n    - between: {min: 0, maximum: 3}\n", "line 3", "expectation 'between'", "unknown argument 'maximum'")]
    [InlineData("columns:\n  a:\n    - between: {min: zero}\n", "line 3", "'min' must be a number", "'zero'")]
    [InlineData("columns:\n  a:\n    - between: {}\n", "line 3", "needs 'min', 'max' or both", "between")]
    [InlineData("columns:\n  a:\n    - row_count_between: {min: 1}\n", "line 3", "table-level", "row_count_between")]
    [InlineData("table:\n  - unique\n", "line 2", "checks one column", "unique")]
    [InlineData("columns:\n  a: [between: {min: 1\n", "line", "not valid YAML", "suite.yaml")]
    [InlineData("colums:\n  a: [not_null]\n", "line 1", "unknown key 'colums'", "suite.yaml")]
    [InlineData("columns:\n  a:\n    - max_null_rate: 1.5\n", "line 3", "between 0 and 1", "max_null_rate")]
    [InlineData("table:\n  - schema: {columns: {a: decimal}}\n", "line 2", "unknown type 'decimal'", "schema")]
    [InlineData("suite: empty\n", "suite.yaml", "no expectations", "suite.yaml")]
    public void Bad_suites_name_the_line_and_the_problem(string yaml, string where, string what, string also)
    {
        var e = Assert.Throws<GyreException>(() => SuiteParser.Parse(yaml, "suite.yaml"));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, e.Code);
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
        Assert.Contains(also, e.Message);
    }
}
