using Gyre.Client;
using Gyre.Core.Data;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>
/// What the steps share: the running server's address, the SDK client and a plain HTTP client for the Gyre
/// API, the console, the data, and what each step produced for the next ones (runs, versions, deployment).
/// </summary>
internal sealed class QuickstartContext(QuickstartSettings settings, Uri serverAddress, IAnsiConsole console, string workDirectory) : IDisposable
{
    public const string Target = "churn";

    public QuickstartSettings Settings { get; } = settings;
    public Uri ServerAddress { get; } = serverAddress;
    public IAnsiConsole Console { get; } = console;

    /// <summary>Where this run keeps its files (data it generated, trained models, downloaded versions).</summary>
    public string WorkDirectory { get; } = workDirectory;

    public TrackingClient Tracking { get; } = new(serverAddress);
    public HttpClient Http { get; } = new() { BaseAddress = serverAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Step 1: the training data (with the target), its validation split, the labelled holdout, and where they came from.</summary>
    public DataFrame? Train { get; set; }
    public DataFrame? Validation { get; set; }
    public DataFrame? Holdout { get; set; }
    public string? TrainPath { get; set; }
    public string? DataSource { get; set; }

    /// <summary>Step 3: the candidates as logged runs, best first after the comparison.</summary>
    public List<TrainedCandidate> Candidates { get; } = [];

    /// <summary>Step 4-5: the registered production version (v1 of this run).</summary>
    public string? ProductionVersion { get; set; }

    /// <summary>Step 6: the reference data (training features, logged with the model's run: a runs:/ URI) the deployment's drift monitor compares against.</summary>
    public string? ReferenceData { get; set; }

    /// <summary>Step 8: the shifted traffic the deployment received, and fresh labelled data in the new distribution.</summary>
    public DataFrame? ShiftedHoldout { get; set; }
    public DeploymentEventView? DriftAlert { get; set; }

    /// <summary>Step 9: the retrained version.</summary>
    public TrainedCandidate? Retrained { get; set; }
    public string? RetrainedVersion { get; set; }

    /// <summary>Step 10: how the canary ended: promoted, rolled_back or progressing (timed out).</summary>
    public string? CanaryState { get; set; }

    /// <summary>Step 9: the fresh data's features, logged with the retrained version's run: its reference data for drift.</summary>
    public string? ShiftedReferenceData { get; set; }

    public DataFrame Features(DataFrame frame) => frame.Drop(Target);

    public string ModelUri(string version) => $"models:/{Settings.ModelName}/{version}";

    public void Dispose()
    {
        Tracking.Dispose();
        Http.Dispose();
    }
}
