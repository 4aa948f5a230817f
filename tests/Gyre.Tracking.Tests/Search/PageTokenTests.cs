using System.Text;
using Gyre.Core.Errors;
using Gyre.Tracking.Paging;
using Gyre.Tracking.Registry;

namespace Gyre.Tracking.Tests.Search;

public sealed class PageTokenTests
{
    [Fact]
    public void Tokens_are_base64_json_offsets_like_mlflow()
    {
        var token = PageToken.Create(1000);
        Assert.Equal("{\"offset\": 1000}", Encoding.UTF8.GetString(Convert.FromBase64String(token)));
        Assert.Equal(1000, PageToken.ParseOffset(token));
        Assert.Equal(0, PageToken.ParseOffset(null));
    }

    [Theory]
    [InlineData("###")]
    [InlineData("bm90IGpzb24=")]          // "not json"
    [InlineData("eyJvZmZzZXQiOiAtMX0=")]  // {"offset": -1}
    public void Bad_tokens_are_invalid_parameter_values(string token) =>
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, Assert.Throws<GyreException>(() => PageToken.ParseOffset(token)).Code);

    [Theory]
    [InlineData("models:/fraud/3", "fraud", "3", null)]
    [InlineData("models:/fraud/Production", "fraud", "Production", null)]
    [InlineData("models:/my model@champion", "my model", null, "champion")]
    public void Models_uris_split_into_name_and_suffix_or_alias(string uri, string name, string? suffix, string? alias) =>
        Assert.Equal((name, suffix, alias), ModelUriResolver.Parse(uri));
}
