namespace Gyre.Client.Protocol;

/// <summary>A run parameter (logged once per run).</summary>
public sealed record Param(string Key, string Value);
