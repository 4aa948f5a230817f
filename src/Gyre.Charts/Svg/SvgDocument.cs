using System.Text;

namespace Gyre.Charts.Svg;

/// <summary>Appends SVG elements to a standalone document; every text and attribute value is escaped.</summary>
public sealed class SvgDocument
{
    private readonly StringBuilder _sb = new();
    private bool _closed;

    public SvgDocument(int width, int height, string? title)
    {
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width)
           .Append("\" height=\"").Append(height).Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
           .Append("\" role=\"img\" font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\" font-size=\"12\">");
        if (!string.IsNullOrEmpty(title)) _sb.Append("<title>").Append(Xml.Escape(title)).Append("</title>");
        _sb.Append("<rect x=\"0\" y=\"0\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" fill=\"#ffffff\"/>");
    }

    public SvgDocument Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        _sb.Append("<line x1=\"").Append(Xml.Num(x1)).Append("\" y1=\"").Append(Xml.Num(y1))
           .Append("\" x2=\"").Append(Xml.Num(x2)).Append("\" y2=\"").Append(Xml.Num(y2))
           .Append("\" stroke=\"").Append(Xml.Escape(stroke)).Append("\" stroke-width=\"").Append(Xml.Num(width)).Append('"');
        if (dash is not null) _sb.Append(" stroke-dasharray=\"").Append(Xml.Escape(dash)).Append('"');
        _sb.Append("/>");
        return this;
    }

    public SvgDocument Rect(double x, double y, double width, double height, string fill, double opacity = 1, string? tooltip = null)
    {
        _sb.Append("<rect x=\"").Append(Xml.Num(x)).Append("\" y=\"").Append(Xml.Num(y))
           .Append("\" width=\"").Append(Xml.Num(Math.Max(0, width))).Append("\" height=\"").Append(Xml.Num(Math.Max(0, height)))
           .Append("\" fill=\"").Append(Xml.Escape(fill)).Append('"');
        if (opacity < 1) _sb.Append(" fill-opacity=\"").Append(Xml.Num(opacity)).Append('"');
        if (tooltip is null) _sb.Append("/>");
        else _sb.Append("><title>").Append(Xml.Escape(tooltip)).Append("</title></rect>");
        return this;
    }

    public SvgDocument Circle(double cx, double cy, double r, string fill, double opacity = 1, string? tooltip = null)
    {
        _sb.Append("<circle cx=\"").Append(Xml.Num(cx)).Append("\" cy=\"").Append(Xml.Num(cy))
           .Append("\" r=\"").Append(Xml.Num(r)).Append("\" fill=\"").Append(Xml.Escape(fill)).Append('"');
        if (opacity < 1) _sb.Append(" fill-opacity=\"").Append(Xml.Num(opacity)).Append('"');
        if (tooltip is null) _sb.Append("/>");
        else _sb.Append("><title>").Append(Xml.Escape(tooltip)).Append("</title></circle>");
        return this;
    }

    public SvgDocument Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 2)
    {
        _sb.Append("<polyline fill=\"none\" stroke=\"").Append(Xml.Escape(stroke)).Append("\" stroke-width=\"").Append(Xml.Num(width))
           .Append("\" points=\"");
        var first = true;
        foreach (var (x, y) in points)
        {
            if (!first) _sb.Append(' ');
            _sb.Append(Xml.Num(x)).Append(',').Append(Xml.Num(y));
            first = false;
        }
        _sb.Append("\"/>");
        return this;
    }

    /// <summary>Text; <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> in degrees about (x, y).</summary>
    public SvgDocument Text(double x, double y, string text, string anchor = "start", int size = 12, string fill = "#333333",
        double rotate = 0, bool bold = false)
    {
        _sb.Append("<text x=\"").Append(Xml.Num(x)).Append("\" y=\"").Append(Xml.Num(y))
           .Append("\" text-anchor=\"").Append(anchor).Append("\" font-size=\"").Append(size)
           .Append("\" fill=\"").Append(Xml.Escape(fill)).Append('"');
        if (bold) _sb.Append(" font-weight=\"bold\"");
        if (rotate != 0)
            _sb.Append(" transform=\"rotate(").Append(Xml.Num(rotate)).Append(' ').Append(Xml.Num(x)).Append(' ').Append(Xml.Num(y)).Append(")\"");
        _sb.Append('>').Append(Xml.Escape(text)).Append("</text>");
        return this;
    }

    /// <summary>Opens a group labelled with a class and a series name, so readers and tests can find each series.</summary>
    public SvgDocument BeginGroup(string cssClass, string? seriesName = null)
    {
        _sb.Append("<g class=\"").Append(Xml.Escape(cssClass)).Append('"');
        if (seriesName is not null) _sb.Append(" data-series=\"").Append(Xml.Escape(seriesName)).Append('"');
        _sb.Append('>');
        return this;
    }

    public SvgDocument EndGroup()
    {
        _sb.Append("</g>");
        return this;
    }

    public override string ToString()
    {
        if (!_closed) { _sb.Append("</svg>"); _closed = true; }
        return _sb.ToString();
    }
}
