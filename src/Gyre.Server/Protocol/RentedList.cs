using System.Buffers;
using System.Collections;

namespace Gyre.Server.Protocol;

/// <summary>
/// A read-only list over an array rented from the shared pool, for what a request reads and the store
/// consumes before the request ends: a 1000-metric log-batch then allocates no list of its own, and keeps
/// nothing young alive for the collector to copy while it waits for the writer. <see cref="Dispose"/>
/// clears the used part and gives the array back; the list must not be read afterwards (it throws).
/// </summary>
internal sealed class RentedList<T> : IReadOnlyList<T>, IDisposable
{
    private T[]? _items;

    /// <summary>Takes ownership of <paramref name="items"/>, rented from <see cref="ArrayPool{T}.Shared"/>, holding <paramref name="count"/> items.</summary>
    public RentedList(T[] items, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, items.Length);
        _items = items;
        Count = count;
    }

    public int Count { get; }

    public T this[int index]
    {
        get
        {
            var items = _items ?? throw new ObjectDisposedException(nameof(RentedList<T>));
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return items[index];
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        if (_items is not { } items) return;
        _items = null;
        items.AsSpan(0, Count).Clear(); // the pool must not keep the request's strings alive
        ArrayPool<T>.Shared.Return(items);
    }
}
