namespace Gyre.Charts.Html;

/// <summary>One table row; <see cref="LinkId"/> makes the first cell a link to a section anchor.</summary>
public sealed record TableRow(IReadOnlyList<string> Cells, Status Status = Status.Neutral, string? LinkId = null);
