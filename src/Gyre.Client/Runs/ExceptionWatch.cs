using System.Runtime.ExceptionServices;

namespace Gyre.Client.Runs;

/// <summary>
/// Notices exceptions thrown in the async flow that started a run, so that disposing the run after an exception
/// ends it FAILED, as leaving MLflow's <c>with start_run()</c> block by an exception does. C# gives
/// <c>DisposeAsync</c> no view of an exception in flight, so the watch records the last exception thrown in the
/// flow since the run was last used; logging to the run after catching an exception clears it.
/// </summary>
internal static class ExceptionWatch
{
    private static readonly AsyncLocal<Scope?> Current = new();
    private static readonly AsyncLocal<bool> InsideClient = new();
    private static int _installed;

    internal sealed class Scope(Scope? parent)
    {
        public Scope? Parent { get; } = parent;
        public volatile Exception? LastException;
    }

    /// <summary>Starts watching the caller's flow. Must be called from a non-async method so the change reaches the caller.</summary>
    public static Scope Enter()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
            AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
        var scope = new Scope(Current.Value);
        Current.Value = scope;
        return scope;
    }

    /// <summary>Stops watching; must be called from a non-async method in the flow that entered.</summary>
    public static void Exit(Scope scope)
    {
        if (ReferenceEquals(Current.Value, scope)) Current.Value = scope.Parent;
    }

    /// <summary>Marks the current async flow as the client's own work, whose internal exceptions are not the user's.</summary>
    public static void MarkClientFlow() => InsideClient.Value = true;

    private static void OnFirstChance(object? sender, FirstChanceExceptionEventArgs e)
    {
        if (InsideClient.Value) return;
        for (var scope = Current.Value; scope is not null; scope = scope.Parent) scope.LastException = e.Exception;
    }
}
