namespace Gyre.Models.Onnx.Runtime;

/// <summary>
/// The executable form of one node, built at load time from its attributes. <see cref="Run"/> is called
/// concurrently by many threads, so a kernel keeps no per-run state in fields.
/// </summary>
public abstract class OnnxKernel
{
    public abstract void Run(KernelContext ctx);

    /// <summary>True for operators that define NaN as "missing" (trees, Imputer), so NaN inputs feeding them are allowed.</summary>
    public virtual bool AcceptsMissingValues => false;
}
