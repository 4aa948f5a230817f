using Gyre.Core.Errors;
using Gyre.Tracking.Validation;

namespace Gyre.Tracking.Tests.Validation;

/// <summary>MLflow's name rule, <c>re.match(r"^[/\w.\- ]*$", name)</c>, on names that take the hand-written path and names that reach the regex.</summary>
public sealed class NameValidationTests
{
    [Theory]
    [InlineData("metric0")]
    [InlineData("train/loss")]
    [InlineData("a.b-c d_e")]
    [InlineData("précision")] // \w is Unicode, as in Python
    [InlineData("损失")]
    [InlineData("loss\n")] // $ matches before a final newline, in Python as in .NET
    public void Accepts_what_mlflow_accepts(string name)
    {
        TrackingValidation.MetricName(name);
    }

    [Theory]
    [InlineData("a*b")]
    [InlineData("a:b")]
    [InlineData("tab\tkey")]
    [InlineData("loss\n\n")]
    [InlineData("\nloss")]
    [InlineData("a$")]
    [InlineData("naïve?")]
    public void Rejects_other_characters_with_mlflows_message(string name)
    {
        var error = Assert.Throws<GyreException>(() => TrackingValidation.MetricName(name));
        Assert.Equal($"Invalid metric name: '{name}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).", error.Message);
    }
}
