using System.Runtime.InteropServices;

namespace Gyre.Models.Xgboost;

/// <summary>
/// One node of a flattened tree, 16 bytes. Children are stored next to each other (right = Left + 1) so
/// the next node is <c>Left + (goRight ? 1 : 0)</c> without a branch. A leaf points to itself with an
/// infinite threshold, so a fixed number of steps per tree lands on the leaf and stays there.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TreeNode
{
    public float Threshold;
    public int Feature;
    public int Left;
    /// <summary>1 when a missing value (NaN) goes to the left child.</summary>
    public int DefaultLeft;
}
