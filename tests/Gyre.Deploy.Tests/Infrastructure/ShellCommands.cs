using System.Text;

namespace Gyre.Deploy.Tests.Infrastructure;

/// <summary>Finds the <c>gyre ...</c> commands in a shell script, split into words as the shell would.</summary>
public static class ShellCommands
{
    /// <summary>The arguments after <c>gyre</c> of every simple command that runs it.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> GyreInvocations(string script)
    {
        var invocations = new List<IReadOnlyList<string>>();
        var joined = script.Replace("\\\r\n", " ").Replace("\\\n", " ");
        foreach (var line in joined.Split('\n'))
        {
            if (line.TrimStart().StartsWith('#')) continue;
            foreach (var command in SplitCommands(line))
            {
                var words = Words(command);
                if (words.Count > 0 && words[0] == "gyre") invocations.Add(words.Skip(1).ToList());
            }
        }
        return invocations;
    }

    /// <summary>Splits a line at |, ||, &amp;&amp; and ; outside quotes.</summary>
    private static IEnumerable<string> SplitCommands(string line)
    {
        var current = new StringBuilder();
        char quote = '\0';
        foreach (var c in line)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                current.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                current.Append(c);
            }
            else if (c is '|' or '&' or ';')
            {
                yield return current.ToString();
                current.Clear();
            }
            else current.Append(c);
        }
        yield return current.ToString();
    }

    /// <summary>Words with their quotes removed; a quoted word stays one word.</summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in command.Trim())
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
