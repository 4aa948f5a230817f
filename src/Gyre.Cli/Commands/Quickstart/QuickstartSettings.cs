namespace Gyre.Cli.Commands.Quickstart;

/// <summary>What the user asked for on the command line, plus the sizes and timings that keep the run short.</summary>
internal sealed record QuickstartSettings
{
    public required string DataDirectory { get; init; }
    public int Port { get; init; } = 5000;
    public bool GenerateData { get; init; }
    public bool Serve { get; init; } = true;

    /// <summary>Rows of synthetic data when the reference churn data is not found or --generate-data is given.</summary>
    public int GeneratedTrainRows { get; init; } = 12_000;
    public int GeneratedHoldoutRows { get; init; } = 3_000;

    /// <summary>Requests of simulated traffic before the shift, and of shifted traffic.</summary>
    public int TrafficRequests { get; init; } = 400;
    public int ShiftedRequests { get; init; } = 400;

    /// <summary>Rows per scoring request.</summary>
    public int RowsPerRequest { get; init; } = 5;

    public string ExperimentName { get; init; } = "quickstart-churn";
    public string ModelName { get; init; } = "churn";
    public string DeploymentName { get; init; } = "churn";
}
