using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;

namespace Gyre.Serving.PredictionLog;

/// <summary>
/// Appends sampled predictions to JSON-lines files in a folder, off the request path: requests only
/// enqueue (never wait); a background writer appends, rotates files by size and deletes the oldest.
/// </summary>
public sealed class PredictionLogWriter : IAsyncDisposable
{
    private const string FilePrefix = "predictions-";
    private readonly string _directory;
    private readonly PredictionLogOptions _options;
    private readonly Channel<PredictionRecord> _queue;
    private readonly Task _writer;
    private readonly TimeProvider _time;
    private long _dropped;
    private long _written;
    private int _sequence;

    public PredictionLogWriter(string directory, PredictionLogOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new PredictionLogOptions();
        _options.Validate();
        _directory = System.IO.Directory.CreateDirectory(directory).FullName;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<PredictionRecord>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    public string FolderPath => _directory;

    /// <summary>Records not logged because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Offers a record; it is kept with probability SampleRate. Never blocks.</summary>
    public void Offer(PredictionRecord record)
    {
        if (_options.SampleRate < 1 && Random.Shared.NextDouble() >= _options.SampleRate) return;
        if (!_queue.Writer.TryWrite(record)) Interlocked.Increment(ref _dropped);
    }

    /// <summary>Waits until everything offered so far is on disk (for tests and shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (_queue.Reader.Count > 0 && !_writer.IsCompleted)
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _flushLock.Release();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private readonly SemaphoreSlim _flushLock = new(1, 1);

    private async Task WriteLoopAsync()
    {
        FileStream? file = null;
        Utf8JsonWriter? json = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                await _flushLock.WaitAsync().ConfigureAwait(false);
                try
                {
                    while (_queue.Reader.TryRead(out var record))
                    {
                        if (file is null || file.Length >= _options.MaxFileBytes)
                        {
                            json?.Dispose();
                            if (file is not null) await file.DisposeAsync().ConfigureAwait(false);
                            file = OpenNextFile();
                            json = new Utf8JsonWriter(file);
                            DeleteOldFiles();
                        }
                        PredictionLogFormat.Write(json!, record);
                        json!.Flush();
                        json.Reset();
                        file.Write(PredictionLogFormat.NewLine);
                        Interlocked.Increment(ref _written);
                    }
                    await file!.FlushAsync().ConfigureAwait(false);
                }
                finally
                {
                    _flushLock.Release();
                }
            }
        }
        finally
        {
            json?.Dispose();
            if (file is not null) await file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private FileStream OpenNextFile()
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var name = $"{FilePrefix}{stamp}-{Interlocked.Increment(ref _sequence):D6}.jsonl";
        return new FileStream(Path.Combine(_directory, name), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
    }

    private void DeleteOldFiles()
    {
        var files = PredictionLogReader.LogFiles(_directory);
        for (var i = 0; i < files.Count - _options.MaxFiles; i++) File.Delete(files[i]);
    }
}
