using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Gyre.Core.Errors;

namespace Gyre.Models.Xgboost;

/// <summary>
/// Decodes Universal Binary JSON (the format of XGBoost's <c>.ubj</c> model files) into a JSON node tree.
/// Supports every draft-12 marker, including optimized containers (<c>$</c> type, <c>#</c> count).
/// Numbers are big-endian. Any truncation or unknown marker is a <see cref="GyreException"/>.
/// </summary>
public ref struct UbjsonReader
{
    private const int MaxDepth = 64;
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    private UbjsonReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public static JsonNode? Parse(ReadOnlySpan<byte> data)
    {
        var reader = new UbjsonReader(data);
        var value = reader.ReadValue(reader.ReadMarker(), 0);
        return value;
    }

    private JsonNode? ReadValue(byte marker, int depth)
    {
        if (depth > MaxDepth) throw Corrupt("nests deeper than 64 levels");
        switch (marker)
        {
            case (byte)'Z': return null;
            case (byte)'T': return JsonValue.Create(true);
            case (byte)'F': return JsonValue.Create(false);
            case (byte)'i': return JsonValue.Create((long)(sbyte)Take(1)[0]);
            case (byte)'U': return JsonValue.Create((long)Take(1)[0]);
            case (byte)'I': return JsonValue.Create((long)BinaryPrimitives.ReadInt16BigEndian(Take(2)));
            case (byte)'l': return JsonValue.Create((long)BinaryPrimitives.ReadInt32BigEndian(Take(4)));
            case (byte)'L': return JsonValue.Create(BinaryPrimitives.ReadInt64BigEndian(Take(8)));
            case (byte)'d': return JsonValue.Create(BinaryPrimitives.ReadSingleBigEndian(Take(4)));
            case (byte)'D': return JsonValue.Create(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
            case (byte)'C': return JsonValue.Create(((char)Take(1)[0]).ToString());
            case (byte)'S':
            case (byte)'H': return JsonValue.Create(ReadString());
            case (byte)'[': return ReadArray(depth);
            case (byte)'{': return ReadObject(depth);
            default: throw Corrupt($"has an unknown value marker 0x{marker:x2} at byte {_position - 1}");
        }
    }

    private JsonArray ReadArray(int depth)
    {
        var (type, count) = ReadContainerHeader();
        var array = new JsonArray();
        if (count >= 0)
        {
            // Each element takes at least one byte unless typed; bound the count by what is left.
            if (type is null && count > _data.Length - _position) throw Corrupt("declares more array elements than it holds");
            for (long i = 0; i < count; i++) array.Add(ReadValue(type ?? ReadMarker(), depth + 1));
            return array;
        }
        while (true)
        {
            byte marker = ReadMarker();
            if (marker == (byte)']') return array;
            if (marker == (byte)'N') continue;
            array.Add(ReadValue(marker, depth + 1));
        }
    }

    private JsonObject ReadObject(int depth)
    {
        var (type, count) = ReadContainerHeader();
        var obj = new JsonObject();
        if (count >= 0)
        {
            if (count > _data.Length - _position) throw Corrupt("declares more object members than it holds");
            for (long i = 0; i < count; i++)
            {
                var key = ReadString();
                obj[key] = ReadValue(type ?? ReadMarker(), depth + 1);
            }
            return obj;
        }
        while (true)
        {
            byte marker = Peek();
            if (marker == (byte)'}')
            {
                _position++;
                return obj;
            }
            if (marker == (byte)'N')
            {
                _position++;
                continue;
            }
            var key = ReadString();
            var value = ReadValue(ReadMarker(), depth + 1);
            if (!obj.TryAdd(key, value)) throw Corrupt($"repeats the key '{key}'");
        }
    }

    private (byte? Type, long Count) ReadContainerHeader()
    {
        byte? type = null;
        if (Peek() == (byte)'$')
        {
            _position++;
            type = ReadMarker();
            if (Peek() != (byte)'#') throw Corrupt("has a typed container without a count");
        }
        if (Peek() != (byte)'#') return (null, -1);
        _position++;
        long count = ReadLength();
        return (type, count);
    }

    private string ReadString()
    {
        long length = ReadLength();
        if (length > _data.Length - _position) throw Corrupt("has a string longer than the rest of the file");
        var bytes = Take((int)length);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Corrupt("has a string that is not valid UTF-8");
        }
    }

    private long ReadLength()
    {
        long length = ReadMarker() switch
        {
            (byte)'i' => (sbyte)Take(1)[0],
            (byte)'U' => Take(1)[0],
            (byte)'I' => BinaryPrimitives.ReadInt16BigEndian(Take(2)),
            (byte)'l' => BinaryPrimitives.ReadInt32BigEndian(Take(4)),
            (byte)'L' => BinaryPrimitives.ReadInt64BigEndian(Take(8)),
            var m => throw Corrupt($"has a length with the non-integer marker 0x{m:x2}"),
        };
        if (length < 0 || length > int.MaxValue) throw Corrupt($"has an invalid length {length}");
        return length;
    }

    private byte ReadMarker()
    {
        byte marker;
        do marker = Take(1)[0];
        while (marker == (byte)'N');
        return marker;
    }

    private byte Peek()
    {
        if (_position >= _data.Length) throw Corrupt("ends unexpectedly (truncated file?)");
        return _data[_position];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position) throw Corrupt("ends unexpectedly (truncated file?)");
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private static GyreException Corrupt(string problem) =>
        GyreException.InvalidParameter($"The UBJSON document {problem}.");
}
