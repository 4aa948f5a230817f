namespace Gyre.Charts.Svg;

/// <summary>Colour-blind-friendly series colours (Okabe-Ito), reused in order.</summary>
public static class Palette
{
    private static readonly string[] Colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    public static string Color(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];
}
