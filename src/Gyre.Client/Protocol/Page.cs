namespace Gyre.Client.Protocol;

/// <summary>One page of search results and the token for the next page (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
