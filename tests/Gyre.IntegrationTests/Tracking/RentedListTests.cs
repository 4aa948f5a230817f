using System.Buffers;
using Gyre.Server.Protocol;
using Gyre.Tracking.Entities;

namespace Gyre.IntegrationTests.Tracking;

/// <summary>The pooled list the log-batch reader hands its metrics and params over in.</summary>
public sealed class RentedListTests
{
    [Fact]
    public void Reads_its_items_in_order_and_no_further()
    {
        var items = ArrayPool<Param>.Shared.Rent(8);
        items[0] = new Param("a", "1");
        items[1] = new Param("b", "2");
        using var list = new RentedList<Param>(items, 2);
        Assert.Equal(2, list.Count);
        Assert.Equal(new Param("b", "2"), list[1]);
        Assert.Equal(["a", "b"], list.Select(p => p.Key));
        Assert.Throws<ArgumentOutOfRangeException>(() => list[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }

    [Fact]
    public void Dispose_clears_the_array_and_gives_it_back_once_and_reading_afterwards_fails()
    {
        var items = ArrayPool<Metric>.Shared.Rent(16);
        items[0] = new Metric("loss", 0.5, 1, 0);
        var list = new RentedList<Metric>(items, 1);
        list.Dispose();
        list.Dispose(); // a second dispose must not return the array twice
        Assert.Null(items[0].Key); // the pool keeps no request's strings alive
        Assert.Throws<ObjectDisposedException>(() => list[0]);
        // The pool hands the array out again, and only once.
        var first = ArrayPool<Metric>.Shared.Rent(16);
        var second = ArrayPool<Metric>.Shared.Rent(16);
        Assert.Same(items, first);
        Assert.NotSame(items, second);
        ArrayPool<Metric>.Shared.Return(first);
        ArrayPool<Metric>.Shared.Return(second);
    }

    [Fact]
    public void Refuses_a_count_beyond_the_array()
    {
        var items = new Param[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => new RentedList<Param>(items, 5));
    }
}
