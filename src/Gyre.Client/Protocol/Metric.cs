namespace Gyre.Client.Protocol;

/// <summary>One logged metric value: key, value, timestamp (ms since the Unix epoch) and step.</summary>
public sealed record Metric(string Key, double Value, long Timestamp, long Step);
