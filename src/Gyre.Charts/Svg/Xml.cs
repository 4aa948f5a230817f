using System.Globalization;
using System.Text;

namespace Gyre.Charts.Svg;

/// <summary>Escaping and number formatting for SVG/HTML text, so names with &lt; or &amp; never break a document.</summary>
public static class Xml
{
    /// <summary>Escapes text for element content and double-quoted attribute values.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                '\'' => "&#39;",
                // Control characters other than tab/newline are not allowed in XML 1.0.
                _ when c < 0x20 && c != '\t' && c != '\n' && c != '\r' => "\uFFFD",
                _ => null,
            };
            if (replacement is null) { sb?.Append(c); continue; }
            sb ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            sb.Append(replacement);
        }
        return sb?.ToString() ?? text;
    }

    /// <summary>A coordinate with two decimals, invariant culture (SVG needs '.' decimals).</summary>
    public static string Num(double value) =>
        double.IsFinite(value) ? Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    /// <summary>A human-friendly label for a data value (tick labels, tooltips).</summary>
    public static string Label(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞";
        var abs = Math.Abs(value);
        if (abs != 0 && (abs >= 1e6 || abs < 1e-3)) return value.ToString("0.##E+0", CultureInfo.InvariantCulture);
        return value.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
