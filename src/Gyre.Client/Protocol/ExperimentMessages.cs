namespace Gyre.Client.Protocol;

// Request and response bodies of MLflow's experiment endpoints (service.proto), for source-generated JSON.

internal sealed record CreateExperimentRequest(string Name, string? ArtifactLocation, IReadOnlyList<Tag>? Tags);
internal sealed record CreateExperimentResponse(string ExperimentId);
internal sealed record ExperimentResponse(Experiment Experiment);
internal sealed record SearchExperimentsRequest(long MaxResults, string? PageToken, string? Filter, IReadOnlyList<string>? OrderBy, ViewType ViewType);
internal sealed record SearchExperimentsResponse(IReadOnlyList<Experiment>? Experiments, string? NextPageToken);
internal sealed record ExperimentIdRequest(string ExperimentId);
internal sealed record UpdateExperimentRequest(string ExperimentId, string NewName);
internal sealed record SetExperimentTagRequest(string ExperimentId, string Key, string Value);
internal sealed record DeleteExperimentTagRequest(string ExperimentId, string Key);
internal sealed record EmptyResponse;
