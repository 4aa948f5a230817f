using System.Globalization;
using Gyre.Core.Data;
using Gyre.Models.Abstractions;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Observability;

/// <summary>
/// Turns a scored request into per-row values (inputs by column, outputs by name) and a predicted label,
/// for the prediction log, drift windows and feedback joins. Runs in the background, never on a request.
/// </summary>
internal static class ScoredRows
{
    /// <summary>The row's inputs: numbers as double, text as string, booleans as bool, missing as null.</summary>
    public static Dictionary<string, object?> Inputs(DataFrame frame, int row)
    {
        var values = new Dictionary<string, object?>(frame.Columns.Count, StringComparer.Ordinal);
        foreach (var column in frame.Columns) values[column.Name] = column.GetValue(row);
        return values;
    }

    /// <summary>
    /// The row's outputs: a tensor with one value per row gives <c>name</c>; a [rows, k] tensor gives
    /// <c>name_0 .. name_{k-1}</c> (as the batch scorer names probability columns).
    /// </summary>
    public static Dictionary<string, object?> Outputs(IReadOnlyDictionary<string, Tensor>? outputs, int rows, int row)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (outputs is null) return values;
        foreach (var (name, tensor) in outputs)
        {
            if (tensor.Rank == 0 || tensor.Dim(0) != rows || rows == 0) continue;
            var width = tensor.Length / rows;
            if (width == 1) values[name] = Element(tensor, row);
            else for (var k = 0; k < width; k++) values[$"{name}_{k}"] = Element(tensor, row * width + k);
        }
        return values;
    }

    /// <summary>
    /// The first row's predicted label as text, for comparison with a feedback label: the output named
    /// <c>label</c> / <c>output_label</c> / <c>prediction</c> when there is one, else the first output; a
    /// vector of scores becomes its arg-max, a single probability (an output named like <c>prob</c>) is
    /// class 1 at 0.5 or more. Null when nothing usable was returned.
    /// </summary>
    public static string? PredictedLabel(IReadOnlyDictionary<string, Tensor>? outputs, int rows)
    {
        if (outputs is null || outputs.Count == 0 || rows == 0) return null;
        var (name, tensor) = outputs.FirstOrDefault(o => o.Key is "label" or "output_label" or "prediction" or "predictions");
        if (tensor is null) (name, tensor) = outputs.First();
        if (tensor.Rank == 0 || tensor.Dim(0) != rows) return null;
        var width = tensor.Length / rows;
        if (width > 1)
        {
            var best = 0;
            var bestValue = double.NegativeInfinity;
            for (var k = 0; k < width; k++)
            {
                if (Element(tensor, k) is not double v || !(v > bestValue)) continue;
                best = k;
                bestValue = v;
            }
            return best.ToString(CultureInfo.InvariantCulture);
        }
        var value = Element(tensor, 0);
        if (value is double d && name.Contains("prob", StringComparison.OrdinalIgnoreCase) && d is >= 0 and <= 1)
            return d >= 0.5 ? "1" : "0";
        return LabelText(value);
    }

    /// <summary>A label as comparable text: whole numbers without decimals ("1", not "1.0"), booleans as 1/0.</summary>
    public static string? LabelText(object? value) => value switch
    {
        null => null,
        double d when double.IsNaN(d) => null,
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => LabelText(parsed),
        string s when bool.TryParse(s, out var flag) => flag ? "1" : "0",
        string s => s.Trim(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static int RowCount(ScoredRequest scored) => scored.Inputs?.RowCount ?? 0;

    private static object? Element(Tensor tensor, int index) => tensor.Data switch
    {
        float[] f => (double)f[index],
        double[] d => d[index],
        long[] l => (double)l[index],
        int[] i => (double)i[index],
        bool[] b => b[index],
        string?[] s => s[index],
        _ => null,
    };
}
