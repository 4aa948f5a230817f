using Gyre.Artifacts.S3;
using Gyre.Core.Errors;

namespace Gyre.Artifacts.Tests.S3;

public class S3SettingsTests
{
    [Fact]
    public void Reads_the_variables_MLflow_reads()
    {
        var variables = new Dictionary<string, string>
        {
            ["MLFLOW_S3_ENDPOINT_URL"] = "https://minio.internal:9000",
            ["AWS_ACCESS_KEY_ID"] = "key",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_DEFAULT_REGION"] = "eu-west-1",
            ["MLFLOW_S3_IGNORE_TLS"] = "True",
        };
        var settings = S3Settings.FromEnvironment(name => variables.GetValueOrDefault(name));
        Assert.Equal(new Uri("https://minio.internal:9000"), settings.EndpointUrl);
        Assert.Equal(("key", "secret"), (settings.AccessKeyId, settings.SecretAccessKey));
        Assert.Equal("eu-west-1", settings.Region);
        Assert.True(settings.IgnoreTls);
    }

    [Fact]
    public void Unset_variables_mean_AWS_itself_with_the_default_chain()
    {
        var settings = S3Settings.FromEnvironment(_ => null);
        Assert.Null(settings.EndpointUrl);
        Assert.Null(settings.AccessKeyId);
        Assert.Equal("us-east-1", settings.Region);
        Assert.False(settings.IgnoreTls);
    }

    [Fact]
    public void A_malformed_endpoint_is_named_in_the_error()
    {
        var error = Assert.Throws<GyreException>(() => S3Settings.FromEnvironment(name => name == "MLFLOW_S3_ENDPOINT_URL" ? "minio:9000" : null));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, error.Code);
        Assert.Contains("minio:9000", error.Message);
    }
}
