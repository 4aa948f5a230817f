using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gyre.Models.MlflowModel;

/// <summary>Writes JSON the way Python's <c>json.dumps</c> does by default (", " and ": " separators, ASCII only).</summary>
internal static class PythonJson
{
    public static string Dumps(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder b, JsonNode? node)
    {
        switch (node)
        {
            case null:
                b.Append("null");
                break;
            case JsonObject obj:
                b.Append('{');
                bool first = true;
                foreach (var (key, member) in obj)
                {
                    if (!first) b.Append(", ");
                    first = false;
                    WriteString(b, key);
                    b.Append(": ");
                    Write(b, member);
                }
                b.Append('}');
                break;
            case JsonArray array:
                b.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0) b.Append(", ");
                    Write(b, array[i]);
                }
                b.Append(']');
                break;
            default:
                var value = (JsonValue)node;
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String: WriteString(b, value.GetValue<string>()); break;
                    case JsonValueKind.True: b.Append("true"); break;
                    case JsonValueKind.False: b.Append("false"); break;
                    case JsonValueKind.Number:
                        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15 && !value.ToJsonString().Contains('.'))
                            b.Append(((long)d).ToString(CultureInfo.InvariantCulture));
                        else b.Append(value.ToJsonString());
                        break;
                    default: b.Append("null"); break;
                }
                break;
        }
    }

    private static void WriteString(StringBuilder b, string s)
    {
        b.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        b.Append('"');
    }
}
