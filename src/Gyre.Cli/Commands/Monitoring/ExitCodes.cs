namespace Gyre.Cli.Commands.Monitoring;

/// <summary>Exit codes of the monitoring verbs (documented in each verb's help).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The suite failed (validate) or drift was detected with --fail-on-drift (drift).</summary>
    public const int CheckFailed = 1;
    /// <summary>Bad arguments or unreadable input.</summary>
    public const int UsageError = 2;
}
