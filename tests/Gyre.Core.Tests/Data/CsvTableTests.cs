using System.Globalization;
using System.Text;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Core.Testing;

namespace Gyre.Core.Tests.Data;

public class CsvTableTests
{
    [Fact]
    public void InfersNumericTextAndBooleanColumns()
    {
        var frame = CsvTable.Parse("x,color,flag\n1.5,red,true\n-2e3,blue,False\n,red,\n");

        Assert.Equal(3, frame.RowCount);
        var x = Assert.IsType<DoubleColumn>(frame["x"]);
        Assert.Equal(1.5, x.Values[0]);
        Assert.Equal(-2000, x.Values[1]);
        Assert.True(double.IsNaN(x.Values[2]));
        Assert.Equal(1, x.NullCount);
        var color = Assert.IsType<StringColumn>(frame["color"]);
        AssertTexts.Equal(["red", "blue", "red"], color.Values);
        Assert.Same(color.Values[0], color.Values[2]);
        var flag = Assert.IsType<BoolColumn>(frame["flag"]);
        Assert.Equal([true, false, null], flag.Values);
    }

    [Fact]
    public void ReadsPandasMissingMarkersAsMissing()
    {
        var frame = CsvTable.Parse("a,b\nNA,x\n3,null\nnan,None\n");
        var a = (DoubleColumn)frame["a"];
        Assert.True(double.IsNaN(a.Values[0]));
        Assert.Equal(3, a.Values[1]);
        AssertTexts.Equal(["x", null, null], ((StringColumn)frame["b"]).Values);
    }

    [Fact]
    public void ANumericLookingColumnWithOneWordBecomesText()
    {
        var frame = CsvTable.Parse("id\n007\n12\nabc\n");
        AssertTexts.Equal(["007", "12", "abc"], ((StringColumn)frame["id"]).Values);
    }

    [Fact]
    public void HandlesQuotesEscapesEmbeddedNewlinesCrLfAndBom()
    {
        var text = "\uFEFFname,note\r\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\"\r\nplain,x\r\n";
        var frame = CsvTable.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(["name", "note"], frame.ColumnNames);
        AssertTexts.Equal(["Smith, J", "plain"], ((StringColumn)frame["name"]).Values);
        AssertTexts.Equal(["said \"hi\"\nthen left", "x"], ((StringColumn)frame["note"]).Values);
    }

    [Fact]
    public void SkipsBlankLinesLikePandas()
    {
        var frame = CsvTable.Parse("a\n1\n\n2\r\n\r\n3");
        Assert.Equal([1.0, 2, 3], ((DoubleColumn)frame["a"]).Values);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", "data row 2 has 1 fields but the header names 2 columns")]
    [InlineData("a,b\n1,2,3\n", "data row 1 has 3 fields")]
    [InlineData("a,a\n1,2\n", "column name 'a' twice")]
    [InlineData("a\n\"open\n", "never closed")]
    [InlineData("", "no header row")]
    public void RejectsMalformedFilesWithAMessageThatSaysWhere(string text, string expected)
    {
        var error = Assert.Throws<GyreException>(() => CsvTable.Parse(text));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, error.Code);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ForcedKindsOverrideInferenceAndNameTheBadField()
    {
        var options = new CsvReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["zip"] = ColumnKind.String, ["n"] = ColumnKind.Double } };
        var frame = CsvTable.Parse("zip,n\n01234,1\n", options);
        AssertTexts.Equal(["01234"], ((StringColumn)frame["zip"]).Values);

        var error = Assert.Throws<GyreException>(() => CsvTable.Parse("zip,n\n1,2\n2,two\n", options));
        Assert.Contains("column 'n' data row 2: 'two' is not a number", error.Message);
    }

    [Fact]
    public void WriteThenReadRoundTripsEveryValueExactly()
    {
        var random = new Random(7);
        var numbers = Enumerable.Range(0, 500).Select(i => i % 50 == 0 ? double.NaN : random.NextDouble() * 1e6 - 5e5).ToArray();
        var texts = Enumerable.Range(0, 500).Select(i => i % 40 == 0 ? null : $"v{i % 7},\"q\"").ToArray();
        var flags = Enumerable.Range(0, 500).Select(i => i % 30 == 0 ? (bool?)null : i % 2 == 0).ToArray();
        var frame = new DataFrame([new DoubleColumn("x", numbers), new StringColumn("s", texts), new BoolColumn("b", flags)]);
        var path = Path.Combine(Path.GetTempPath(), $"gyre-csv-{Guid.NewGuid():N}.csv");
        try
        {
            CsvTable.Write(frame, path);
            var back = CsvTable.Read(path);
            Assert.Equal(numbers, ((DoubleColumn)back["x"]).Values);
            AssertTexts.Equal(texts, ((StringColumn)back["s"]).Values);
            Assert.Equal(flags, ((BoolColumn)back["b"]).Values);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LargeFilesParsedInParallelChunksKeepRowOrder()
    {
        // Over 4 MiB of text, so the reader splits it into several chunks parsed in parallel.
        var builder = new StringBuilder("i,half,label\n");
        const int rows = 400_000;
        for (var i = 0; i < rows; i++) builder.Append(CultureInfo.InvariantCulture, $"{i},{i / 2.0},{(i % 3 == 0 ? "a" : "b")}\n");
        var frame = CsvTable.Parse(builder.ToString());

        Assert.Equal(rows, frame.RowCount);
        var index = ((DoubleColumn)frame["i"]).Values;
        var half = ((DoubleColumn)frame["half"]).Values;
        var label = ((StringColumn)frame["label"]).Values;
        for (var i = 0; i < rows; i++)
        {
            Assert.Equal(i, index[i]);
            Assert.Equal(i / 2.0, half[i]);
            Assert.Equal(i % 3 == 0 ? "a" : "b", label[i]);
        }
    }

    [Fact]
    public void ReadsTheReferenceDriftDataset()
    {
        var frame = CsvTable.Read(SharedData.PathOf("reference", "stats", "drift_datasets", "reference.csv"));
        Assert.Contains("feat_normal", frame.ColumnNames);
        Assert.IsType<DoubleColumn>(frame["feat_normal"]);
        Assert.IsType<StringColumn>(frame["cat_color"]);
        Assert.True(frame.RowCount > 1000);
    }
}
