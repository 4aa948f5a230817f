using System.Diagnostics;

namespace Gyre.Monitoring.Metrics;

/// <summary>
/// The process's own resource series, named as Prometheus client libraries name them (process_*) plus
/// .NET runtime series (dotnet_*), sampled at each scrape.
/// </summary>
public static class ProcessMetrics
{
    public static void Register(MetricRegistry registry)
    {
        var cpu = registry.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        var resident = registry.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        var virtualMemory = registry.Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        var start = registry.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.");
        var openFds = registry.Gauge("process_open_fds", "Number of open file descriptors.");
        var threads = registry.Gauge("process_threads", "Number of operating-system threads.");
        var collections = registry.Counter("dotnet_gc_collections_total", "Garbage collections since the process started, by generation.", "generation");
        var heap = registry.Gauge("dotnet_gc_heap_size_bytes", "Bytes in the managed heap after the last collection.");
        var allocated = registry.Counter("dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.");
        var poolThreads = registry.Gauge("dotnet_threadpool_threads", "Thread-pool threads.");
        var poolQueue = registry.Gauge("dotnet_threadpool_queue_length", "Work items queued to the thread pool.");

        using (var self = Process.GetCurrentProcess())
            start.Set(new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);

        registry.OnCollect(() =>
        {
            using var self = Process.GetCurrentProcess();
            cpu.WithLabels().SetSampledTotal(self.TotalProcessorTime.TotalSeconds);
            resident.Set(self.WorkingSet64);
            virtualMemory.Set(self.VirtualMemorySize64);
            threads.Set(self.Threads.Count);
            openFds.Set(CountOpenFileDescriptors());
            for (var generation = 0; generation <= GC.MaxGeneration; generation++)
                collections.WithLabels(generation.ToString(System.Globalization.CultureInfo.InvariantCulture)).SetSampledTotal(GC.CollectionCount(generation));
            heap.Set(GC.GetGCMemoryInfo().HeapSizeBytes);
            allocated.WithLabels().SetSampledTotal(GC.GetTotalAllocatedBytes());
            poolThreads.Set(ThreadPool.ThreadCount);
            poolQueue.Set(ThreadPool.PendingWorkItemCount);
        });
    }

    private static double CountOpenFileDescriptors()
    {
        const string fdDirectory = "/proc/self/fd";
        try
        {
            return Directory.Exists(fdDirectory) ? Directory.EnumerateFileSystemEntries(fdDirectory).Count() : double.NaN;
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}
