namespace Gyre.Client.Protocol;

/// <summary>MLflow's error body: <c>{"error_code": "...", "message": "..."}</c>.</summary>
internal sealed record ErrorMessage(string? ErrorCode, string? Message);
