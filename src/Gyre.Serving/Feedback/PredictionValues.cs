using System.Globalization;
using Gyre.Models.Abstractions;

namespace Gyre.Serving.Feedback;

/// <summary>Reads a model's answer per row, to compare with labels that arrive later.</summary>
public static class PredictionValues
{
    /// <summary>
    /// The first output's first value per row as text: a class label as the model spells it, a number in
    /// invariant culture (whole numbers without a decimal point, so label 1 reads "1").
    /// </summary>
    public static IReadOnlyList<string?> FirstOutputPerRow(IReadOnlyDictionary<string, Tensor>? outputs)
    {
        if (outputs is null || outputs.Count == 0) return [];
        var tensor = outputs.Values.First();
        var rows = tensor.Rank == 0 ? 1 : tensor.Dim(0);
        if (rows == 0 || tensor.Length == 0) return [];
        var stride = tensor.Length / rows;
        var values = new string?[rows];
        for (var row = 0; row < rows; row++) values[row] = Text(tensor.Data.GetValue(row * stride));
        return values;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
