using Gyre.Core.Errors;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Tests.Observability;

public sealed class MonitoringSpecJsonTests
{
    [Fact]
    public void ADeploymentSpecsMonitoringSurvivesTheRoundTripThroughItsJson()
    {
        var reference = Path.GetTempFileName();
        try
        {
            var spec = DeploymentJson.ParseSpec($$$"""
                {"name": "churn", "variants": [{"name": "blue", "model_uri": "/models/churn.onnx"}],
                 "monitoring": {"reference_data": "{{{reference}}}",
                                "drift": {"window_rows": 500, "columns": ["x"], "method": "psi"},
                                "feedback": {"window": 100, "accuracy_drop": 0.05},
                                "slos": [{"name": "fast", "kind": "latency", "objective": 0.99, "latency_ms": 20}],
                                "alerts": {"cooldown_seconds": 60, "webhooks": [{"url": "http://127.0.0.1:9/hook"}],
                                           "commands": [{"command": ["/bin/sh", "-c", "exit 0"]}]} } }
                """);
            var again = DeploymentJson.ParseSpec(DeploymentJson.Serialize(spec));

            var monitoring = again.Monitoring!;
            Assert.Equal(reference, monitoring.ReferenceData);
            Assert.Equal(500, monitoring.Drift!.WindowRows);
            Assert.Equal(100, monitoring.Drift.MinRows); // default kept
            Assert.Equal("psi", monitoring.Drift.Method);
            Assert.Equal(0.05, monitoring.Feedback!.AccuracyDrop);
            Assert.Equal(20, Assert.Single(monitoring.Slos!).LatencyMilliseconds);
            Assert.Equal(60, monitoring.Alerts!.CooldownSeconds);
            Assert.Equal(["/bin/sh", "-c", "exit 0"], Assert.Single(monitoring.Alerts.Commands!).Command);
            Assert.Null(DeploymentJson.ParseSpec("""{"name": "a", "variants": [{"name": "b", "model_uri": "m"}]}""").Monitoring);
        }
        finally
        {
            File.Delete(reference);
        }
    }

    [Theory]
    [InlineData("""{"drift_window": 5}""", "drift_window")]
    [InlineData("""{"slos": [{"name": "a", "kind": "speed"}]}""", "speed")]
    [InlineData("""{"alerts": {"webhooks": [{"url": "ftp://host/x"}]}}""", "ftp://host/x")]
    [InlineData("""{"prediction_log": {"sample_rate": 0.5}}""", "directory")]
    public void BadMonitoringSettingsAreRefusedNamingTheProblem(string monitoring, string named)
    {
        var error = Assert.Throws<GyreException>(() => DeploymentJson.ParseSpec(
            $$$"""{"name": "churn", "variants": [{"name": "blue", "model_uri": "m.onnx"}], "monitoring": {{{monitoring}}} }"""));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, error.Code);
        Assert.Contains(named, error.Message);
    }
}
