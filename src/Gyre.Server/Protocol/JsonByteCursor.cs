using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;

namespace Gyre.Server.Protocol;

/// <summary>
/// A forward-only cursor over UTF-8 JSON bytes for the fast readers: JSON whitespace, property names,
/// strings and numbers, read in place. It is strict: anything it is not sure to read exactly as
/// <see cref="Utf8JsonReader"/> and the serializer would (a comment, a malformed number, a control
/// character in a string, invalid UTF-8) fails the read, and the caller falls back to the serializer.
/// </summary>
internal ref struct JsonByteCursor
{
    // What ends the plain run of a string: its closing quote, an escape, or a control character
    // (which JSON forbids unescaped).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);

    // Rejects invalid UTF-8 instead of substituting U+FFFD, so a body the serializer would refuse is never accepted.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _json;
    private int _position;

    public JsonByteCursor(ReadOnlySpan<byte> json)
    {
        _json = json;
        _position = 0;
    }

    public readonly ReadOnlySpan<byte> Json => _json;

    /// <summary>True when only JSON whitespace is left.</summary>
    public bool AtEnd
    {
        get
        {
            Peek();
            return _position == _json.Length;
        }
    }

    /// <summary>
    /// Skips JSON whitespace and returns the next byte without consuming it; 0 at the end (a NUL byte is
    /// never valid JSON outside a string either, so callers that expect a token fail on both).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Peek()
    {
        var json = _json;
        var position = _position;
        while ((uint)position < (uint)json.Length)
        {
            var b = json[position];
            if (b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                _position = position;
                return b;
            }
            position++;
        }
        _position = position;
        return 0;
    }

    /// <summary>Consumes <paramref name="expected"/> after any whitespace, if it is next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConsume(byte expected)
    {
        if (Peek() != expected) return false;
        _position++;
        return true;
    }

    /// <summary>Consumes <paramref name="literal"/> if the bytes right here are exactly it (no whitespace skipped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConsumeLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_json[_position..].StartsWith(literal)) return false;
        _position += literal.Length;
        return true;
    }

    /// <summary>
    /// After <see cref="Peek"/> found a property name's opening quote: the name's first byte (0 at the
    /// end), to pick the one name it can be.
    /// </summary>
    public readonly byte NameInitial => (uint)(_position + 1) < (uint)_json.Length ? _json[_position + 1] : (byte)0;

    /// <summary>
    /// Consumes <paramref name="quotedName"/> (a property name with its quotes, e.g. <c>"\"key\""u8</c>) and the
    /// colon after it if both are next; otherwise consumes nothing. Call <see cref="Peek"/> first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryConsumeName(ReadOnlySpan<byte> quotedName)
    {
        var json = _json;
        var position = _position;
        if (!json[position..].StartsWith(quotedName)) return false;
        position += quotedName.Length;
        while ((uint)position < (uint)json.Length && json[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') position++;
        if ((uint)position >= (uint)json.Length || json[position] != (byte)':') return false;
        _position = position + 1;
        return true;
    }

    /// <summary>
    /// Reads a JSON string value. Without escapes, <paramref name="raw"/> is its UTF-8 content and
    /// <paramref name="hasEscapes"/> is false (decode it with <see cref="TryDecodePlain"/>); with escapes,
    /// <paramref name="raw"/> is the whole token, quotes included, for <see cref="TryDecodeEscaped"/>.
    /// </summary>
    public bool TryReadString(out ReadOnlySpan<byte> raw, out int rawStart, out bool hasEscapes)
    {
        raw = default;
        rawStart = 0;
        hasEscapes = false;
        if (Peek() != (byte)'"') return false;
        var json = _json;
        var start = _position + 1;
        var stop = IndexOfStringStop(json[start..]);
        if (stop < 0) return false;
        var end = start + stop;
        if (json[end] == (byte)'"')
        {
            raw = json[start..end];
            rawStart = start;
            _position = end + 1;
            return true;
        }
        if (json[end] != (byte)'\\') return false; // a raw control character
        // Find the closing quote past the escapes; the decoder checks the escapes themselves.
        while (true)
        {
            end += 2; // the backslash and the byte it escapes
            if (end >= json.Length) return false;
            var next = json[end..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0) return false;
            end += next;
            if (json[end] == (byte)'"') break;
        }
        hasEscapes = true;
        rawStart = start - 1;
        raw = json[rawStart..(end + 1)];
        _position = end + 1;
        return true;
    }

    // Most strings here are short keys: one 16-byte compare finds their end; longer ones go to IndexOfAny.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfStringStop(ReadOnlySpan<byte> text)
    {
        if (Vector128.IsHardwareAccelerated && text.Length >= Vector128<byte>.Count)
        {
            var block = Vector128.Create(text);
            var stops = Vector128.Equals(block, Vector128.Create((byte)'"'))
                | Vector128.Equals(block, Vector128.Create((byte)'\\'))
                | Vector128.LessThan(block, Vector128.Create((byte)0x20));
            var bits = stops.ExtractMostSignificantBits();
            if (bits != 0) return BitOperations.TrailingZeroCount(bits);
            var rest = text[Vector128<byte>.Count..].IndexOfAny(StringStops);
            return rest < 0 ? -1 : Vector128<byte>.Count + rest;
        }
        return text.IndexOfAny(StringStops);
    }

    /// <summary>The string for plain (unescaped) UTF-8 content; false if the bytes are not valid UTF-8.</summary>
    public static bool TryDecodePlain(ReadOnlySpan<byte> content, out string value)
    {
        if (Ascii.IsValid(content))
        {
            // Keys are nearly always ASCII: widened in one pass (a third cheaper than the general decoder).
            value = string.Create(content.Length, content, static (chars, bytes) => Ascii.ToUtf16(bytes, chars, out _));
            return true;
        }
        try
        {
            value = StrictUtf8.GetString(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            value = "";
            return false;
        }
    }

    /// <summary>
    /// Decodes a string token with escapes exactly as the serializer does, by letting
    /// <see cref="Utf8JsonReader"/> read that one token; false for anything it refuses.
    /// </summary>
    public static bool TryDecodeEscaped(ReadOnlySpan<byte> token, out string value)
    {
        value = "";
        try
        {
            var reader = new Utf8JsonReader(token);
            if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
            value = reader.GetString() ?? "";
            return !reader.Read();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a JSON number's exact span, checking the JSON number grammar:
    /// <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>. <paramref name="isInteger"/> says it has no
    /// fraction or exponent. What follows is the caller's to check (a comma or a closing bracket).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadNumber(out ReadOnlySpan<byte> number, out bool isInteger)
    {
        number = default;
        isInteger = true;
        Peek();
        var json = _json;
        var start = _position;
        var position = start;
        if ((uint)position < (uint)json.Length && json[position] == (byte)'-') position++;
        if ((uint)position >= (uint)json.Length) return false;
        var first = json[position];
        if (first == (byte)'0') position++;
        else if ((uint)(first - '1') <= 8) position = SkipDigits(json, position + 1);
        else return false;
        if ((uint)position < (uint)json.Length && json[position] == (byte)'.')
        {
            var digits = position + 1;
            position = SkipDigits(json, digits);
            if (position == digits) return false;
            isInteger = false;
        }
        if ((uint)position < (uint)json.Length && (json[position] | 0x20) == (byte)'e')
        {
            position++;
            if ((uint)position < (uint)json.Length && json[position] is (byte)'+' or (byte)'-') position++;
            var digits = position;
            position = SkipDigits(json, digits);
            if (position == digits) return false;
            isInteger = false;
        }
        number = json[start..position];
        _position = position;
        return true;
    }

    /// <summary>A JSON number as a double exactly as <see cref="Utf8JsonReader.TryGetDouble"/> reads it: finite only.</summary>
    public bool TryReadDouble(out double value)
    {
        value = 0;
        if (!TryReadNumber(out var number, out _)) return false;
        return Utf8Parser.TryParse(number, out value, out var consumed) && consumed == number.Length && double.IsFinite(value);
    }

    /// <summary>
    /// A JSON integer as an exact int64, as <see cref="Utf8JsonReader.TryGetInt64"/> reads it: a fraction,
    /// an exponent, an overflow or a malformed number fails.
    /// </summary>
    public bool TryReadInt64(out long value)
    {
        value = 0;
        Peek();
        var json = _json;
        var position = _position;
        var negative = (uint)position < (uint)json.Length && json[position] == (byte)'-';
        if (negative) position++;
        if ((uint)position >= (uint)json.Length) return false;
        ulong magnitude;
        var first = json[position];
        if (first == (byte)'0')
        {
            magnitude = 0;
            position++;
        }
        else if ((uint)(first - '1') <= 8)
        {
            var start = position;
            magnitude = (uint)(first - '0');
            position++;
            // Eight digits at a time, then four (a millisecond timestamp has 13), then the rest one by one.
            while (json.Length - position >= 8 && position - start <= 11)
            {
                var chunk = BinaryPrimitives.ReadUInt64LittleEndian(json[position..]);
                if (!AreEightDigits(chunk)) break;
                magnitude = magnitude * 100_000_000 + EightDigitsValue(chunk);
                position += 8;
            }
            if (json.Length - position >= 4 && position - start <= 15)
            {
                var chunk = BinaryPrimitives.ReadUInt32LittleEndian(json[position..]);
                if (AreFourDigits(chunk))
                {
                    magnitude = magnitude * 10_000 + FourDigitsValue(chunk);
                    position += 4;
                }
            }
            while ((uint)position < (uint)json.Length && (uint)(json[position] - '0') <= 9)
            {
                if (position - start >= 19) return false; // no leading zeros: 20 digits are beyond int64
                magnitude = magnitude * 10 + (uint)(json[position] - '0');
                position++;
            }
        }
        else
        {
            return false;
        }
        // A fraction or an exponent is not an integer; a digit after a leading 0 is not JSON.
        if ((uint)position < (uint)json.Length && json[position] is (byte)'.' or (byte)'e' or (byte)'E' or (>= (byte)'0' and <= (byte)'9'))
            return false;
        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1) return false;
            value = (long)(0 - magnitude);
        }
        else
        {
            if (magnitude > long.MaxValue) return false;
            value = (long)magnitude;
        }
        _position = position;
        return true;
    }

    // Eight ASCII digits in a little-endian word: every byte in '0'..'9'.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AreEightDigits(ulong chunk) =>
        ((chunk & 0xF0F0F0F0F0F0F0F0UL) | (((chunk + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) >> 4)) == 0x3333333333333333UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AreFourDigits(uint chunk) =>
        ((chunk & 0xF0F0F0F0U) | (((chunk + 0x06060606U) & 0xF0F0F0F0U) >> 4)) == 0x33333333U;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint FourDigitsValue(uint chunk)
    {
        chunk = (chunk & 0x0F0F0F0FU) * 2561 >> 8;
        return (chunk & 0x00FF00FFU) * 6553601 >> 16;
    }

    // Their value, first byte most significant (pairs, then quads, then the whole).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigitsValue(ulong chunk)
    {
        chunk = (chunk & 0x0F0F0F0F0F0F0F0FUL) * 2561 >> 8;
        chunk = (chunk & 0x00FF00FF00FF00FFUL) * 6553601 >> 16;
        return (chunk & 0x0000FFFF0000FFFFUL) * 42949672960001 >> 32;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipDigits(ReadOnlySpan<byte> json, int position)
    {
        while (json.Length - position >= 8 && AreEightDigits(BinaryPrimitives.ReadUInt64LittleEndian(json[position..]))) position += 8;
        while ((uint)position < (uint)json.Length && (uint)(json[position] - '0') <= 9) position++;
        return position;
    }
}
