using Gyre.Server.Hosting;

namespace Gyre.IntegrationTests.Hosting;

/// <summary>The tracking server's Kestrel buffer pool: 64 kB blocks, reused, each returned once.</summary>
public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Blocks_are_64_kB_and_a_returned_block_is_rented_again()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        Assert.Equal(64 * 1024, first.Memory.Length);
        first.Memory.Span[0] = 42;
        var array = first.Memory;
        first.Dispose();
        using var second = pool.Rent(4096);
        Assert.True(second.Memory.Span == array.Span, "the returned block is reused");
    }

    [Fact]
    public void A_block_disposed_twice_goes_back_once_and_cannot_be_read_after_return()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();
        Assert.Throws<ObjectDisposedException>(() => block.Memory);
        using var a = pool.Rent();
        using var b = pool.Rent();
        Assert.False(a.Memory.Span == b.Memory.Span, "two leases never share a block");
    }

    [Fact]
    public void More_than_a_block_cannot_be_asked_for()
    {
        using var pool = new LargeBlockMemoryPool();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(64 * 1024 + 1));
    }
}
