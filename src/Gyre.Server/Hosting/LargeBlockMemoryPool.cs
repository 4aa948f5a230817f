using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Gyre.Server.Hosting;

/// <summary>
/// Kestrel's buffers in 64 kB blocks instead of its default 4 kB: one socket read then takes up to 64 kB, so
/// a 78 kB log-batch body arrives in two or three reads instead of twenty (the default's reads were a third
/// of all receive calls under the tracking load). Blocks live on the pinned heap (sockets read into them)
/// and are reused; at most <see cref="MaxRetainedBlocks"/> wait unused. Every server of the process shares
/// one pool (<see cref="ProcessWide"/>, never disposed): pinned blocks are collected only with the oldest
/// generation, so a pool per server made each new server (every phase of the load benchmark, every test
/// class) cost a full collection. It starts with <see cref="WarmBlocks"/> blocks already paged in: fresh
/// blocks fault their pages in on first use, and twenty clients connecting at once to a fresh server (the
/// load benchmark's first wave) then waited 10-25 ms for their first request instead of 5-8.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;
    private const int MaxRetainedBlocks = 128;
    private const int WarmBlocks = 24;

    private readonly ConcurrentStack<Block> _free = new(); // last returned, first rented: its pages are the likeliest in cache
    private int _freeCount;

    /// <summary>The process's pool, which Kestrel gets for every server.</summary>
    public static LargeBlockMemoryPool ProcessWide { get; } = new();

    public LargeBlockMemoryPool()
    {
        for (var i = 0; i < WarmBlocks; i++) Return(new Block(this, pageIn: true));
    }

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryPop(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            block.Leased = true;
            return block;
        }
        return new Block(this, pageIn: false) { Leased = true };
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _freeCount) > MaxRetainedBlocks)
        {
            Interlocked.Decrement(ref _freeCount);
            return; // let the GC have it
        }
        _free.Push(block);
    }

    /// <summary>Nothing: the pool lives as long as the process (a server stopping disposes the pool it got).</summary>
    protected override void Dispose(bool disposing) { }

    /// <summary>A block and its lease in one object, reused with the block (no allocation per rent).</summary>
    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly LargeBlockMemoryPool _pool;
        private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public Block(LargeBlockMemoryPool pool, bool pageIn)
        {
            _pool = pool;
            if (pageIn)
                for (var at = 0; at < BlockSize; at += 4096) _bytes[at] = 0;
        }

        public bool Leased { get; set; }

        public Memory<byte> Memory => Leased ? _bytes : throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (!Leased) return; // a second dispose must not put the block in the pool twice
            Leased = false;
            _pool.Return(this);
        }
    }
}

/// <summary>Gives Kestrel <see cref="LargeBlockMemoryPool"/>s.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => LargeBlockMemoryPool.ProcessWide;
}
