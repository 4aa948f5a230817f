using Gyre.Client.Registry;
using Gyre.Core.Errors;

namespace Gyre.IntegrationTests.Client;

public class ModelUriTests
{
    [Theory]
    [InlineData("models:/churn/3", "churn", "3", null, null, null)]
    [InlineData("models:/churn/Production", "churn", null, "Production", null, null)]
    [InlineData("models:/churn@champion", "churn", null, null, "champion", null)]
    [InlineData("models:/churn/latest", "churn", null, null, null, null)]
    [InlineData("models:/churn/2/data/model.onnx", "churn", "2", null, null, "data/model.onnx")]
    [InlineData("models:/churn@champion/MLmodel", "churn", null, null, "champion", "MLmodel")]
    public void Parses_every_form_MLflow_accepts(string uri, string name, string? version, string? stage, string? alias, string? subPath)
    {
        var parsed = ModelUri.Parse(uri);
        Assert.Equal(new ModelUri(name, version, stage, alias, subPath), parsed);
        Assert.Equal(uri, parsed.ToString());
    }

    [Theory]
    [InlineData("runs:/abc/model")]
    [InlineData("models:/")]
    [InlineData("models:/churn")]
    [InlineData("models:/@champion")]
    [InlineData("models:/churn@")]
    public void Rejects_malformed_uris(string uri)
    {
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, Assert.Throws<GyreException>(() => ModelUri.Parse(uri)).Code);
    }
}
