using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gyre.Server.Protocol.Json;

/// <summary>
/// Reads a proto enum the way protobuf's JSON parser does (its name, or its number, or the number as a
/// string) and writes its name, as MLflow's <c>message_to_json</c> does.
/// </summary>
public sealed class ProtoEnumConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) && Enum.IsDefined(typeof(TEnum), number))
            return (TEnum)Enum.ToObject(typeof(TEnum), number);
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            if (text is not null && !char.IsAsciiDigit(text.Length > 0 ? text[0] : ' ') && Enum.TryParse<TEnum>(text, ignoreCase: false, out var named) && Enum.IsDefined(named))
                return named;
            if (int.TryParse(text, out var fromText) && Enum.IsDefined(typeof(TEnum), fromText))
                return (TEnum)Enum.ToObject(typeof(TEnum), fromText);
        }
        throw new JsonException($"expected one of {string.Join(", ", Enum.GetNames<TEnum>())}");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
