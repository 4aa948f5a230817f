using System.Text;

namespace Gyre.Deploy.Tests.Infrastructure.Helm;

/// <summary>
/// Parses the subset of Go's text/template that the chart uses: <c>{{ pipeline }}</c>, <c>{{ if }}/{{ else }}/{{ end }}</c>,
/// <c>{{ define "name" }}...{{ end }}</c>, comments, and the <c>{{-</c> / <c>-}}</c> whitespace trimming.
/// Anything else (range, with, variables) is refused, so a template that needs real Helm fails the tests
/// instead of rendering wrongly.
/// </summary>
internal static class TemplateParser
{
    private sealed record Token(bool IsAction, string Text);

    public static IReadOnlyList<TemplateNode> Parse(string source, IDictionary<string, IReadOnlyList<TemplateNode>> defines, string file)
    {
        var tokens = Tokenize(source, file);
        var position = 0;
        var nodes = ParseBlock(tokens, ref position, defines, file, out var terminator);
        if (terminator is not null) throw new InvalidDataException($"{file}: unexpected {{{{ {terminator} }}}}");
        return nodes;
    }

    private static List<TemplateNode> ParseBlock(List<Token> tokens, ref int position, IDictionary<string, IReadOnlyList<TemplateNode>> defines, string file, out string? terminator)
    {
        var nodes = new List<TemplateNode>();
        while (position < tokens.Count)
        {
            var token = tokens[position++];
            if (!token.IsAction)
            {
                if (token.Text.Length > 0) nodes.Add(new TextNode(token.Text));
                continue;
            }
            var action = token.Text;
            if (action.StartsWith("/*", StringComparison.Ordinal)) continue;
            if (action is "end" or "else")
            {
                terminator = action;
                return nodes;
            }
            if (action.StartsWith("if ", StringComparison.Ordinal))
            {
                var then = ParseBlock(tokens, ref position, defines, file, out var end);
                var otherwise = new List<TemplateNode>();
                if (end == "else") otherwise = ParseBlock(tokens, ref position, defines, file, out end);
                if (end != "end") throw new InvalidDataException($"{file}: {{{{ {action} }}}} has no {{{{ end }}}}");
                nodes.Add(new IfNode(action[3..].Trim(), then, otherwise));
                continue;
            }
            if (action.StartsWith("define ", StringComparison.Ordinal))
            {
                var name = Unquote(action[7..].Trim(), file);
                var body = ParseBlock(tokens, ref position, defines, file, out var end);
                if (end != "end") throw new InvalidDataException($"{file}: {{{{ define \"{name}\" }}}} has no {{{{ end }}}}");
                defines[name] = body;
                continue;
            }
            var keyword = action.Split(' ', 2)[0];
            if (keyword is "range" or "with" or "block" or "template" or "break" or "continue" || action.StartsWith('$'))
                throw new NotSupportedException($"{file}: {{{{ {action} }}}} is outside the template subset these tests render; use helm template.");
            nodes.Add(new ActionNode(action));
        }
        terminator = null;
        return nodes;
    }

    private static List<Token> Tokenize(string source, string file)
    {
        var tokens = new List<Token>();
        var text = new StringBuilder();
        var i = 0;
        var trimNextText = false;
        while (i < source.Length)
        {
            var open = source.IndexOf("{{", i, StringComparison.Ordinal);
            var chunk = open < 0 ? source[i..] : source[i..open];
            if (trimNextText) chunk = chunk.TrimStart();
            if (open < 0)
            {
                tokens.Add(new Token(false, chunk));
                break;
            }
            var close = FindClose(source, open + 2, file);
            var inner = source[(open + 2)..close];
            var trimLeft = inner.StartsWith("- ", StringComparison.Ordinal) || inner == "-" || inner.StartsWith("-\n", StringComparison.Ordinal) || inner.StartsWith("-/*", StringComparison.Ordinal);
            var trimRight = inner.EndsWith(" -", StringComparison.Ordinal) || inner.EndsWith("\n-", StringComparison.Ordinal) || inner.EndsWith("*/-", StringComparison.Ordinal);
            if (trimLeft) chunk = chunk.TrimEnd();
            tokens.Add(new Token(false, chunk));
            var body = inner;
            if (trimLeft) body = body[1..];
            if (trimRight) body = body[..^1];
            tokens.Add(new Token(true, body.Trim()));
            trimNextText = trimRight;
            i = close + 2;
        }
        return tokens;
    }

    private static int FindClose(string source, int from, string file)
    {
        var inString = false;
        for (var i = from; i < source.Length - 1; i++)
        {
            if (inString)
            {
                if (source[i] == '\\') i++;
                else if (source[i] == '"') inString = false;
            }
            else if (source[i] == '"') inString = true;
            else if (source[i] == '}' && source[i + 1] == '}') return i;
        }
        throw new InvalidDataException($"{file}: an action opened with {{{{ is never closed");
    }

    private static string Unquote(string quoted, string file) =>
        quoted.Length >= 2 && quoted[0] == '"' && quoted[^1] == '"' ? quoted[1..^1] : throw new InvalidDataException($"{file}: expected a quoted name, got {quoted}");
}
