using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Serving.Protocols;

namespace Gyre.Serving.Tests.Protocols;

public sealed class MlflowScoringParserTests
{
    private static InputFrame Split(string json)
    {
        using var document = JsonDocument.Parse(json);
        return MlflowScoringParser.Parse(document.RootElement).Frame!;
    }

    private static GyreException Refused(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement.Clone();
        return Assert.Throws<GyreException>(() => MlflowScoringParser.Parse(root));
    }

    [Fact]
    public void Numbers_nulls_and_booleans_land_in_their_columns()
    {
        var frame = Split("""{"dataframe_split":{"columns":["a","b","c"],"data":[[1.5,null,true],[2,3,false]]}}""");
        Assert.Equal(["a", "b", "c"], frame.Columns);
        Assert.Equal(2, frame.RowCount);
        Assert.Equal([1.5, 2], frame.Numbers[0]);
        Assert.True(double.IsNaN(frame.Numbers[1][0]));
        Assert.Equal(3, frame.Numbers[1][1]);
        Assert.Equal([1.0, 0.0], frame.Numbers[2]);
        Assert.All(frame.Texts, t => Assert.Null(t));
    }

    [Fact]
    public void A_column_with_text_keeps_its_text_and_spells_its_numbers()
    {
        var frame = Split("""{"dataframe_split":{"columns":["x","plan"],"data":[[1,"basic"],[2,7.5]]}}""");
        Assert.Null(frame.Texts[0]);
        Assert.Equal(new string?[] { "basic", "7.5" }, frame.Texts[1]!.AsEnumerable());
        Assert.Equal([1.0, 2.0], frame.Numbers[0]);
    }

    [Fact]
    public void Without_column_names_columns_are_named_by_position()
    {
        var frame = Split("""{"dataframe_split":{"data":[[1,2,3]]}}""");
        Assert.Equal(["0", "1", "2"], frame.Columns);
    }

    [Fact]
    public void Consecutive_requests_with_other_column_names_get_their_own_names()
    {
        Assert.Equal(["a", "b"], Split("""{"dataframe_split":{"columns":["a","b"],"data":[[1,2]]}}""").Columns);
        Assert.Equal(["a", "c"], Split("""{"dataframe_split":{"columns":["a","c"],"data":[[1,2]]}}""").Columns);
        Assert.Equal(["a", "b"], Split("""{"dataframe_split":{"columns":["a","b"],"data":[[1,2]]}}""").Columns);
    }

    [Theory]
    [InlineData("""{"dataframe_split":{"columns":["a","b"],"data":[[1,2],[3]]}}""", "Row 1 has 1 values but there are 2 columns")]
    [InlineData("""{"dataframe_split":{"columns":["a","b"],"data":[[1,2],[3,"x",4]]}}""", "Row 1 has 3 values but there are 2 columns")]
    [InlineData("""{"dataframe_split":{"columns":["a","b"],"data":[[1,{"v":2}]]}}""", "dataframe_split.data[0][1] is")]
    [InlineData("""{"dataframe_split":{"columns":["a"],"data":[5]}}""", "dataframe_split.data[0] must be an array")]
    [InlineData("""{"dataframe_split":{"columns":["a","a"],"data":[[1,2]]}}""", "Column 'a' appears twice")]
    [InlineData("""{"dataframe_split":{"columns":["a",3],"data":[[1,2]]}}""", "columns must be an array of column names")]
    [InlineData("""{"dataframe_split":{"columns":["a"]}}""", "needs a data array")]
    [InlineData("""{"dataframe_split":{"columns":["a"],"data":[[1]]},"inputs":[[1]]}""", "only one of dataframe_split, inputs")]
    [InlineData("""{"rows":[[1]]}""", "must have one of")]
    public void Malformed_tables_are_refused_with_a_message_naming_the_problem(string json, string expected)
    {
        var error = Refused(json);
        Assert.Equal(ErrorCode.BAD_REQUEST, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
