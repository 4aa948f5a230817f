namespace Gyre.Models.MlflowModel;

/// <summary>One column of a column-based MLflow signature: <c>{"type": "double", "name": "age", "required": true}</c>.</summary>
public sealed record MlflowColumnSpec(string? Name, string Type, bool Required = true);
