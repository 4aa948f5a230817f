namespace Gyre.Client.Protocol;

/// <summary>A key/value tag, as MLflow's experiment, run, registered-model and model-version tags are shaped.</summary>
public sealed record Tag(string Key, string Value);
