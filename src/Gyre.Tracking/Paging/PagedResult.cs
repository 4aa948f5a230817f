namespace Gyre.Tracking.Paging;

/// <summary>One page of results; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, string? NextPageToken)
{
    public static PagedResult<T> Empty { get; } = new([], null);
}
