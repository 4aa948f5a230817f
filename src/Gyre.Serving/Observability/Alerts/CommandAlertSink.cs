using System.Diagnostics;
using System.Globalization;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Observability.Alerts;

/// <summary>
/// The retraining hook: starts a program for each alert with the alert JSON on its stdin and
/// GYRE_ALERT_DEPLOYMENT, _KIND, _SEVERITY, _SUBJECT, _MESSAGE, _TIMESTAMP in its environment, waits for it
/// (killing it after the timeout) and records its exit as a <c>kind = "alert_command"</c> event with the
/// exit code and duration as evidence. A non-zero exit or a timeout counts as a failed delivery.
/// </summary>
public sealed class CommandAlertSink(
    IReadOnlyList<string> command, TimeSpan timeout, Func<DeploymentEvent, CancellationToken, Task>? recordEvent = null, TimeProvider? time = null)
    : IAlertSink
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Name => $"command {command[0]}";

    public async Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        start.Environment["GYRE_ALERT_DEPLOYMENT"] = alert.Deployment;
        start.Environment["GYRE_ALERT_KIND"] = alert.Kind;
        start.Environment["GYRE_ALERT_SEVERITY"] = alert.Severity;
        start.Environment["GYRE_ALERT_SUBJECT"] = alert.Subject;
        start.Environment["GYRE_ALERT_MESSAGE"] = alert.Message;
        start.Environment["GYRE_ALERT_TIMESTAMP"] = alert.Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start alert command '{command[0]}'.");
        // Drain the output so a chatty program never blocks on a full pipe; keep the tail of stderr for the event.
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.StandardInput.WriteAsync(alert.ToJson().AsMemory(), cancellationToken).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading its input (a broken pipe); its exit code still says how it went.
        }

        var timedOut = false;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                if (!timedOut) throw;
            }
        }
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var exitCode = timedOut ? -1 : process.ExitCode;
        var error = stderr.Result.Trim();
        if (error.Length > 300) error = "..." + error[^300..];
        var outcome = timedOut ? $"was killed after {timeout.TotalSeconds:0.###} s" : $"exited with code {exitCode}";
        var reason = $"alert command '{string.Join(' ', command)}' for {alert.Kind} {outcome}" + (error.Length > 0 ? $"; stderr: {error}" : "");
        if (recordEvent is not null)
        {
            var evidence = new Dictionary<string, double> { ["exit_code"] = exitCode, ["duration_seconds"] = seconds, ["timed_out"] = timedOut ? 1 : 0 };
            await recordEvent(new DeploymentEvent(_time.GetUtcNow(), alert.Deployment, "alert_command", reason, evidence, new Dictionary<string, double>()),
                cancellationToken).ConfigureAwait(false);
        }
        if (timedOut || exitCode != 0) throw new InvalidOperationException(reason);
    }
}
