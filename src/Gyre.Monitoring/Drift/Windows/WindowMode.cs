namespace Gyre.Monitoring.Drift.Windows;

/// <summary>How a streaming window moves.</summary>
public enum WindowMode
{
    /// <summary>Tumbling: when the window fills it is compared with the reference and emptied.</summary>
    Fixed,
    /// <summary>The last <c>Size</c> rows; compared every <c>Step</c> rows once full.</summary>
    Sliding,
}
