using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Gyre.Server.Hosting;

/// <summary>
/// Kestrel's buffers in 64 kB blocks instead of its default 4 kB: one socket read then takes up to 64 kB, so
/// a 78 kB log-batch body arrives in two or three reads instead of twenty (the default's reads were a third
/// of all receive calls under the tracking load). Blocks live on the pinned heap (sockets read into them)
/// and are reused; at most <see cref="MaxRetainedBlocks"/> wait unused.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;
    private const int MaxRetainedBlocks = 256;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            block.Leased = true;
            return block;
        }
        return new Block(this) { Leased = true };
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _freeCount) > MaxRetainedBlocks)
        {
            Interlocked.Decrement(ref _freeCount);
            return; // let the GC have it
        }
        _free.Enqueue(block);
    }

    protected override void Dispose(bool disposing) => _free.Clear();

    /// <summary>A block and its lease in one object, reused with the block (no allocation per rent).</summary>
    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public bool Leased { get; set; }

        public Memory<byte> Memory => Leased ? _bytes : throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (!Leased) return; // a second dispose must not put the block in the pool twice
            Leased = false;
            pool.Return(this);
        }
    }
}

/// <summary>Gives Kestrel <see cref="LargeBlockMemoryPool"/>s.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
