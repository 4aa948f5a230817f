namespace Gyre.Learn.Gates;

/// <summary>The labelled holdout a gate suite is evaluated on: a CSV file and its label column.</summary>
public sealed record GateHoldout(string DataPath, string Target);
