namespace Gyre.Charts.Charts;

/// <summary>Size and labels shared by every chart.</summary>
public sealed record ChartOptions
{
    public string? Title { get; init; }
    public string XLabel { get; init; } = "";
    public string YLabel { get; init; } = "";
    public int Width { get; init; } = 640;
    public int Height { get; init; } = 360;
}
