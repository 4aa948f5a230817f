using System.Runtime.InteropServices;

namespace Gyre.Tracking.Sql;

/// <summary>
/// Lowers the calling thread's scheduling priority (Linux nice value; any process may lower its own), for
/// housekeeping threads whose CPU should go to request threads first. Elsewhere it does nothing.
/// </summary>
internal static partial class BackgroundThreadPriority
{
    private const int PrioProcess = 0;

    public static void LowerCurrentThread(int nice)
    {
        if (!OperatingSystem.IsLinux()) return;
        // Best effort: a thread left at normal priority only costs latency, never correctness.
        _ = SetPriority(PrioProcess, GetThreadId(), nice);
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
