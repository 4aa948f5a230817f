using System.Text;
using Gyre.Core.Errors;

namespace Gyre.Tracking.Search;

/// <summary>
/// Splits MLflow filter and order_by strings into tokens. Identifiers are <c>entity.key</c> where the key
/// may be wrapped in backticks or double quotes (for spaces, dots or operators in keys); string values
/// are in single or double quotes, with a doubled quote as an escaped quote.
/// </summary>
internal static class FilterTokenizer
{
    private const string KeyStopChars = "=!<>(),'\"";

    public static List<FilterToken> Tokenize(string input, string what)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (true)
        {
            while (i < input.Length && char.IsWhiteSpace(input[i])) i++;
            if (i >= input.Length) break;
            var c = input[i];
            var start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new(FilterTokenKind.LeftParen, "(", i++));
                    continue;
                case ')':
                    tokens.Add(new(FilterTokenKind.RightParen, ")", i++));
                    continue;
                case ',':
                    tokens.Add(new(FilterTokenKind.Comma, ",", i++));
                    continue;
                case '\'' or '"':
                    tokens.Add(new(FilterTokenKind.String, ReadQuoted(input, ref i, c, what), start));
                    continue;
                case '`':
                    tokens.Add(new(FilterTokenKind.Identifier, ReadQuoted(input, ref i, '`', what), start));
                    continue;
                case '=' or '!' or '<' or '>':
                    tokens.Add(new(FilterTokenKind.Comparator, ReadComparator(input, ref i, what), start));
                    continue;
            }
            if (char.IsDigit(c) || ((c is '-' or '+' or '.') && i + 1 < input.Length && (char.IsDigit(input[i + 1]) || input[i + 1] == '.')))
            {
                tokens.Add(new(FilterTokenKind.Number, ReadNumber(input, ref i), start));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var word = ReadWord(input, ref i);
                if (i < input.Length && input[i] == '.')
                {
                    i++;
                    var key = ReadKey(input, ref i, what);
                    tokens.Add(new(FilterTokenKind.Identifier, key, start, word));
                    continue;
                }
                tokens.Add(new(KeywordKind(word), word, start));
                continue;
            }
            throw Invalid(what, input, $"unexpected character '{c}' at position {i}");
        }
        tokens.Add(new(FilterTokenKind.End, "", input.Length));
        return tokens;
    }

    private static FilterTokenKind KeywordKind(string word) => word.ToUpperInvariant() switch
    {
        "AND" => FilterTokenKind.And,
        "OR" => FilterTokenKind.Or,
        "LIKE" => FilterTokenKind.Like,
        "ILIKE" => FilterTokenKind.ILike,
        "IN" => FilterTokenKind.In,
        "NOT" => FilterTokenKind.Not,
        "IS" => FilterTokenKind.Is,
        "NULL" => FilterTokenKind.Null,
        "ASC" => FilterTokenKind.Asc,
        "DESC" => FilterTokenKind.Desc,
        _ => FilterTokenKind.Identifier,
    };

    private static string ReadWord(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
        return s[start..i];
    }

    private static string ReadKey(string s, ref int i, string what)
    {
        if (i < s.Length && s[i] is '`' or '"') return ReadQuoted(s, ref i, s[i], what);
        var start = i;
        while (i < s.Length && !char.IsWhiteSpace(s[i]) && !KeyStopChars.Contains(s[i])) i++;
        if (i == start) throw Invalid(what, s, $"missing key after '.' at position {start}");
        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i, char quote, string what)
    {
        var start = i;
        i++;
        var sb = new StringBuilder();
        while (i < s.Length)
        {
            if (s[i] == quote)
            {
                if (i + 1 < s.Length && s[i + 1] == quote)
                {
                    sb.Append(quote);
                    i += 2;
                    continue;
                }
                i++;
                return sb.ToString();
            }
            sb.Append(s[i++]);
        }
        throw Invalid(what, s, $"unterminated quote {quote} starting at position {start}");
    }

    private static string ReadComparator(string s, ref int i, string what)
    {
        var c = s[i++];
        var hasEquals = i < s.Length && s[i] == '=';
        if (hasEquals) i++;
        return (c, hasEquals) switch
        {
            ('=', false) => "=",
            ('!', true) => "!=",
            ('<', false) when i < s.Length && s[i] == '>' => Advance(ref i, "!="),
            ('<', _) => hasEquals ? "<=" : "<",
            ('>', _) => hasEquals ? ">=" : ">",
            _ => throw Invalid(what, s, $"unknown operator at position {i - 1}"),
        };
    }

    private static string Advance(ref int i, string value)
    {
        i++;
        return value;
    }

    private static string ReadNumber(string s, ref int i)
    {
        var start = i;
        if (s[i] is '-' or '+') i++;
        while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+') i++;
            while (i < s.Length && char.IsDigit(s[i])) i++;
        }
        return s[start..i];
    }

    public static GyreException Invalid(string what, string input, string reason) =>
        GyreException.InvalidParameter($"Invalid {what} '{input}': {reason}.");
}
