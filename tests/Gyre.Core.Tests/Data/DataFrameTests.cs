using Gyre.Core.Data;
using Gyre.Core.Errors;

namespace Gyre.Core.Tests.Data;

public class DataFrameTests
{
    private static DataFrame Sample() => new([
        new DoubleColumn("x", [1, 2, 3]),
        new StringColumn("s", ["a", null, "c"]),
    ]);

    [Fact]
    public void RejectsColumnsOfDifferentLengths()
    {
        var error = Assert.Throws<GyreException>(() => new DataFrame([new DoubleColumn("x", [1, 2]), new DoubleColumn("y", [1])]));
        Assert.Contains("'y' has 1 rows but 'x' has 2", error.Message);
    }

    [Fact]
    public void UnknownColumnNamesTheColumnsThatExist()
    {
        var error = Assert.Throws<GyreException>(() => Sample()["z"]);
        Assert.Contains("No column named 'z'. Columns: x, s.", error.Message);
    }

    [Fact]
    public void TakeSliceSelectAndDropKeepValuesAligned()
    {
        var frame = Sample();
        var taken = frame.Take([2, 0]);
        Assert.Equal([3.0, 1], ((DoubleColumn)taken["x"]).Values);
        AssertTexts.Equal(["c", "a"], ((StringColumn)taken["s"]).Values);
        Assert.Equal([2.0, 3], ((DoubleColumn)frame.Slice(1, 2)["x"]).Values);
        Assert.Equal(["s"], frame.Select(["s"]).ColumnNames);
        Assert.Equal(["x"], frame.Drop("s").ColumnNames);
        Assert.Equal(1, frame["s"].NullCount);
    }
}
