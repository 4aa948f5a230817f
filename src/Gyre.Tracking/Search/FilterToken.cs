namespace Gyre.Tracking.Search;

internal enum FilterTokenKind
{
    Identifier,
    String,
    Number,
    Comparator,
    And,
    Or,
    Like,
    ILike,
    In,
    Not,
    Is,
    Null,
    Asc,
    Desc,
    LeftParen,
    RightParen,
    Comma,
    End,
}

/// <summary>
/// A lexical token. For identifiers, <see cref="Prefix"/> is the part before the first dot (null when
/// there is none) and <see cref="Text"/> the key after it, with quotes or backticks removed.
/// </summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position, string? Prefix = null);
