// Trains a small logistic regression on synthetic data and tracks it with the Gyre client:
// params, a loss curve (batched in the background), an artifact through the server's proxy, then registers
// the model and points the "champion" alias at it. Works against `gyre server` and against `mlflow server`.
//
//   gyre server &                                  # or: mlflow server --port 5000
//   dotnet run --project examples/csharp/QuickStart -- [tracking-uri]
using System.Globalization;
using System.Text.Json;
using Gyre.Client;
using Gyre.Core.Errors;

var trackingUri = args.Length > 0 ? new Uri(args[0]) : TrackingClient.DefaultTrackingUri();
using var tracking = new TrackingClient(trackingUri);
const int seed = 7;

try
{
    string runId;
    await using (var run = await tracking.StartRunAsync(experimentName: "quickstart", runName: "logreg-sgd", randomSeed: seed))
    {
        runId = run.RunId;
        const double learningRate = 0.5;
        const int epochs = 200;
        run.LogParam("learning_rate", learningRate);
        run.LogParam("epochs", epochs);
        run.SetTag("team", "examples");

        var (x, y) = SyntheticData(n: 500, new Random(seed));
        double w0 = 0, w1 = 0, b = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            double g0 = 0, g1 = 0, gb = 0, loss = 0;
            for (var i = 0; i < y.Length; i++)
            {
                var p = 1 / (1 + Math.Exp(-(w0 * x[i, 0] + w1 * x[i, 1] + b)));
                loss -= y[i] * Math.Log(p + 1e-12) + (1 - y[i]) * Math.Log(1 - p + 1e-12);
                g0 += (p - y[i]) * x[i, 0];
                g1 += (p - y[i]) * x[i, 1];
                gb += p - y[i];
            }
            w0 -= learningRate * g0 / y.Length;
            w1 -= learningRate * g1 / y.Length;
            b -= learningRate * gb / y.Length;
            run.LogMetric("log_loss", loss / y.Length, step: epoch);
        }
        run.LogMetric("accuracy", Accuracy(x, y, w0, w1, b));

        var modelFile = Path.Combine(Path.GetTempPath(), "quickstart-model.json");
        await File.WriteAllTextAsync(modelFile, JsonSerializer.Serialize(new Dictionary<string, double> { ["w0"] = w0, ["w1"] = w1, ["b"] = b }));
        await run.LogArtifactAsync(modelFile, "model");
        // Leaving the block ends the run FINISHED (FAILED if an exception escaped it).
    }

    var finished = await tracking.GetRunAsync(runId);
    Console.WriteLine($"Run {runId} {finished.Info.Status}: accuracy {finished.LatestMetrics["accuracy"].ToString("F3", CultureInfo.InvariantCulture)}");

    const string modelName = "quickstart-logreg";
    if (await ModelExists(tracking, modelName) is false) await tracking.Registry.CreateRegisteredModelAsync(modelName, "Logistic regression from the C# quickstart.");
    var version = await tracking.Registry.CreateModelVersionAsync(modelName, $"{finished.Info.ArtifactUri}/model", runId);
    await tracking.Registry.SetAliasAsync(modelName, "champion", version.Version);
    var champion = await tracking.Registry.ResolveAsync($"models:/{modelName}@champion");
    Console.WriteLine($"Registered {modelName} v{version.Version}; models:/{modelName}@champion -> v{champion.Version}");
    return 0;
}
catch (GyreException e)
{
    Console.Error.WriteLine($"error: {e.Code}: {e.Message}");
    return 1;
}

static (double[,] X, double[] Y) SyntheticData(int n, Random random)
{
    var x = new double[n, 2];
    var y = new double[n];
    for (var i = 0; i < n; i++)
    {
        x[i, 0] = random.NextDouble() * 4 - 2;
        x[i, 1] = random.NextDouble() * 4 - 2;
        var logit = 1.5 * x[i, 0] - 2.0 * x[i, 1] + 0.3 + (random.NextDouble() - 0.5);
        y[i] = logit > 0 ? 1 : 0;
    }
    return (x, y);
}

static double Accuracy(double[,] x, double[] y, double w0, double w1, double b)
{
    var correct = 0;
    for (var i = 0; i < y.Length; i++)
    {
        var predicted = w0 * x[i, 0] + w1 * x[i, 1] + b > 0 ? 1 : 0;
        if (predicted == (int)y[i]) correct++;
    }
    return (double)correct / y.Length;
}

static async Task<bool> ModelExists(TrackingClient tracking, string name)
{
    try
    {
        await tracking.Registry.GetRegisteredModelAsync(name);
        return true;
    }
    catch (TrackingServerException e) when (e.Code == ErrorCode.RESOURCE_DOES_NOT_EXIST)
    {
        return false;
    }
}
