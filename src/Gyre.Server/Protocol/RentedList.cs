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

/// <summary>
/// Gathers items into an array from the shared pool, growing it as needed, then hands it over as a
/// <see cref="RentedList{T}"/> or gives it back (cleared) when the read is abandoned. A mutable struct: keep it
/// in a local and call <see cref="Abandon"/> in a finally (it does nothing once handed over).
/// </summary>
internal struct RentedListBuilder<T>(int capacity)
{
    private T[] _items = ArrayPool<T>.Shared.Rent(capacity);
    private int _count;

    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(_count * 2);
            _items.AsSpan(0, _count).CopyTo(larger);
            Release();
            _items = larger;
        }
        _items[_count++] = item;
    }

    /// <summary>The gathered items; the builder owns nothing afterwards.</summary>
    public RentedList<T> Build()
    {
        var list = new RentedList<T>(_items, _count);
        (_items, _count) = ([], 0);
        return list;
    }

    public void Abandon()
    {
        if (_items.Length == 0) return;
        Release();
        (_items, _count) = ([], 0);
    }

    private readonly void Release()
    {
        _items.AsSpan(0, _count).Clear(); // the pool must not keep the request's strings alive
        ArrayPool<T>.Shared.Return(_items);
    }
}
