using System.Text.Json.Nodes;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>The deployment specs the quickstart sends to <c>/api/gyre/deployments</c>, as JSON a user would write.</summary>
internal static class DeploymentSpecs
{
    public static string VariantName(string version) => $"v{version}";

    /// <summary>One version behind the endpoint, watched for drift against <paramref name="referenceData"/> on short windows.</summary>
    public static JsonObject Single(QuickstartContext context, string version, string referenceData) => new()
    {
        ["name"] = context.Settings.DeploymentName,
        ["variants"] = new JsonArray(Variant(context, version)),
        ["policy"] = new JsonObject { ["kind"] = "single", ["settings"] = new JsonObject() },
        ["monitoring"] = Monitoring(context, referenceData),
    };

    /// <summary>
    /// A canary of <paramref name="candidate"/> against <paramref name="baseline"/> with quickstart-sized stages
    /// and hold times (production would hold minutes per stage, see CanaryOptions' defaults).
    /// </summary>
    public static JsonObject Canary(QuickstartContext context, string baseline, string candidate, string referenceData) => new()
    {
        ["name"] = context.Settings.DeploymentName,
        ["variants"] = new JsonArray(Variant(context, baseline), Variant(context, candidate)),
        ["policy"] = new JsonObject
        {
            ["kind"] = "canary",
            ["settings"] = new JsonObject
            {
                ["baseline"] = VariantName(baseline),
                ["candidate"] = VariantName(candidate),
                ["stages"] = new JsonArray(10, 50, 100),
                ["hold_seconds"] = 2,
                ["min_requests"] = 30,
                ["min_requests_to_judge"] = 20,
                ["epsilon"] = 0.02,
                ["latency_slo_ms"] = 1000,
            },
        },
        ["monitoring"] = Monitoring(context, referenceData),
    };

    /// <summary>Where the deployment's prediction log (sampled inputs and outputs, JSON lines) goes.</summary>
    public static string PredictionLogDirectory(QuickstartContext context) =>
        Path.Combine(context.Settings.DataDirectory, "prediction-log", context.Settings.DeploymentName);

    private static JsonObject Variant(QuickstartContext context, string version) => new()
    {
        ["name"] = VariantName(version),
        ["model_uri"] = context.ModelUri(version),
    };

    /// <summary>
    /// Drift on the last 1000 served rows, judged every second once 500 are in; the data set counts as drifted
    /// when a fifth of the columns drift (the shift moves 3 of 15). Every request goes to the prediction log.
    /// </summary>
    private static JsonObject Monitoring(QuickstartContext context, string referenceData) => new()
    {
        ["reference_data"] = referenceData,
        ["drift"] = new JsonObject
        {
            ["window_rows"] = 1000,
            ["min_rows"] = 500,
            ["evaluate_every_seconds"] = 1,
            ["drift_share"] = 0.2,
        },
        // Small rotated files: the quickstart only needs the latest requests.
        ["prediction_log"] = new JsonObject
        {
            ["directory"] = PredictionLogDirectory(context),
            ["sample_rate"] = 1.0,
            ["max_file_mb"] = 16,
            ["max_files"] = 4,
        },
    };
}
