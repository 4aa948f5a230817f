using Gyre.Core.Errors;
using Gyre.Tracking.Search;

namespace Gyre.Tracking.Tests.Search;

public sealed class FilterParserTests
{
    [Fact]
    public void Parses_comparisons_joined_by_and_in_any_case()
    {
        var clauses = FilterParser.Parse("metrics.acc >= 0.5 and params.model = 'cnn' AND tags.team != \"ml\"");
        Assert.Equal(
        [
            new FilterClause(FilterEntity.Metric, "acc", ">=", new FilterValue("0.5", 0.5, null)),
            new FilterClause(FilterEntity.Param, "model", "=", new FilterValue("cnn", null, null)),
            new FilterClause(FilterEntity.Tag, "team", "!=", new FilterValue("ml", null, null)),
        ], clauses, new ClauseComparer());
    }

    [Theory]
    [InlineData("tags.`my key.with dots` = 'v'", "my key.with dots")]
    [InlineData("tags.\"quoted key\" = 'v'", "quoted key")]
    [InlineData("tags.mlflow.source.type = 'v'", "mlflow.source.type")]
    [InlineData("tags.`back``tick` = 'v'", "back`tick")]
    [InlineData("params.a-b/c = 'v'", "a-b/c")]
    public void Keys_may_be_quoted_or_contain_dots(string filter, string key) =>
        Assert.Equal(key, Assert.Single(FilterParser.Parse(filter)).Key);

    [Fact]
    public void String_values_unescape_doubled_quotes_and_keep_sql_text_as_data()
    {
        var clause = Assert.Single(FilterParser.Parse("params.p = 'it''s; DROP TABLE runs --'"));
        Assert.Equal("it's; DROP TABLE runs --", clause.Value.Text);
    }

    [Fact]
    public void In_lists_is_null_and_aliases_of_entities()
    {
        var clauses = FilterParser.Parse("attributes.run_id IN ('a', 'b') AND run.status NOT IN ('FAILED') AND tags.x IS NOT NULL AND param.y IS NULL AND dataset.name = 'd'");
        Assert.Equal(["IN", "NOT IN", "IS NOT NULL", "IS NULL", "="], clauses.Select(c => c.Comparator));
        Assert.Equal(["a", "b"], clauses[0].Value.List!);
        Assert.Equal([FilterEntity.Attribute, FilterEntity.Attribute, FilterEntity.Tag, FilterEntity.Param, FilterEntity.Dataset], clauses.Select(c => c.Entity));
    }

    [Theory]
    [InlineData("metrics.loss < -1.5e-3", -1.5e-3)]
    [InlineData("metrics.loss < 42", 42.0)]
    [InlineData("metrics.loss<.5", 0.5)]
    public void Numbers_parse_in_invariant_culture(string filter, double expected) =>
        Assert.Equal(expected, Assert.Single(FilterParser.Parse(filter)).Value.Number);

    [Theory]
    [InlineData("metrics.acc")]
    [InlineData("metrics.acc = 1 OR metrics.b = 2")]
    [InlineData("metrics.acc == 1")]
    [InlineData("= 1")]
    [InlineData("metrics. = 1")]
    [InlineData("foo.bar = 'x'")]
    [InlineData("tags.t = 'open")]
    [InlineData("tags.t IN ('a' 'b')")]
    [InlineData("tags.t IS 'x'")]
    [InlineData("tags.t = 'a' extra")]
    [InlineData("tags.t ~ 'a'")]
    public void Malformed_filters_are_invalid_parameter_values(string filter)
    {
        var e = Assert.Throws<GyreException>(() => FilterParser.Parse(filter));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, e.Code);
    }

    [Fact]
    public void Order_by_terms_default_to_ascending()
    {
        var terms = FilterParser.ParseOrderBy(["metrics.`val loss` DESC", "start_time", "params.lr asc"]);
        Assert.Equal(
        [
            new OrderByClause(FilterEntity.Metric, "val loss", false),
            new OrderByClause(FilterEntity.Bare, "start_time", true),
            new OrderByClause(FilterEntity.Param, "lr", true),
        ], terms);
        Assert.Throws<GyreException>(() => FilterParser.ParseOrderBy(["metrics.a DESC extra"]));
        Assert.Throws<GyreException>(() => FilterParser.ParseOrderBy([""]));
    }

    private sealed class ClauseComparer : IEqualityComparer<FilterClause>
    {
        public bool Equals(FilterClause? x, FilterClause? y) =>
            x is not null && y is not null && x.Entity == y.Entity && x.Key == y.Key && x.Comparator == y.Comparator &&
            x.Value.Text == y.Value.Text && x.Value.Number == y.Value.Number;

        public int GetHashCode(FilterClause obj) => obj.Key.GetHashCode();
    }
}
