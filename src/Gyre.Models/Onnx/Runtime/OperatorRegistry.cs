namespace Gyre.Models.Onnx.Runtime;

/// <summary>
/// Maps (domain, op_type, opset) to the factory that builds a kernel for a node. An operator registered
/// "since" version v serves every opset &gt;= v until a later registration of the same operator.
/// </summary>
public sealed class OperatorRegistry
{
    public const string MlDomain = "ai.onnx.ml";

    private readonly Dictionary<(string Domain, string OpType), List<(int Since, Func<OnnxNode, OnnxKernel> Factory)>> _entries = [];

    public static OperatorRegistry Default { get; } = BuiltInOperators.CreateRegistry();

    public static string NormalizeDomain(string? domain) => domain is null or "" or "ai.onnx" ? "" : domain;

    public void Add(string domain, string opType, int sinceVersion, Func<OnnxNode, OnnxKernel> factory)
    {
        var key = (NormalizeDomain(domain), opType);
        if (!_entries.TryGetValue(key, out var list)) _entries[key] = list = [];
        list.Add((sinceVersion, factory));
        list.Sort((a, b) => b.Since.CompareTo(a.Since));
    }

    public Func<OnnxNode, OnnxKernel>? Resolve(string domain, string opType, int opset)
    {
        if (!_entries.TryGetValue((NormalizeDomain(domain), opType), out var list)) return null;
        foreach (var (since, factory) in list)
            if (since <= opset) return factory;
        return null;
    }

    public bool Supports(string domain, string opType, int opset) => Resolve(domain, opType, opset) is not null;

    /// <summary>Every registered operator as "domain::OpType" (default domain without prefix).</summary>
    public IEnumerable<string> Operators =>
        _entries.Keys.Select(k => k.Domain.Length == 0 ? k.OpType : $"{k.Domain}::{k.OpType}").Order();
}
