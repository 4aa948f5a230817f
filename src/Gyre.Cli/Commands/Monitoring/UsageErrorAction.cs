using System.CommandLine;
using System.CommandLine.Invocation;
using Gyre.Core.Errors;

namespace Gyre.Cli.Commands.Monitoring;

/// <summary>
/// Runs a verb so that every usage problem - a parse error or a bad input - exits with code 2 and a
/// clear message, leaving exit code 1 to mean "the check failed".
/// </summary>
internal sealed class UsageErrorAction(string verb, Func<ParseResult, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        // Clearing parse errors (so this action, not the default one, reports them) also clears the
        // unmatched-token errors, so unknown arguments are checked here too.
        var problems = parseResult.Errors.Select(e => e.Message)
            .Concat(parseResult.UnmatchedTokens.Select(t => $"unrecognized argument '{t}'")).Distinct().ToList();
        if (problems.Count > 0)
        {
            foreach (var problem in problems) await Console.Error.WriteLineAsync($"gyre {verb}: {problem}");
            await Console.Error.WriteLineAsync($"Run 'gyre {verb} --help' for usage.");
            return ExitCodes.UsageError;
        }
        try
        {
            return await run(parseResult, cancellationToken);
        }
        catch (GyreException e)
        {
            await Console.Error.WriteLineAsync($"gyre {verb}: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"gyre {verb}: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (UnauthorizedAccessException e)
        {
            await Console.Error.WriteLineAsync($"gyre {verb}: {e.Message}");
            return ExitCodes.UsageError;
        }
    }
}
