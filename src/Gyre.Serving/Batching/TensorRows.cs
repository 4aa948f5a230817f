using Gyre.Models.Abstractions;

namespace Gyre.Serving.Batching;

/// <summary>Row-wise (axis 0) operations on a request's tensors: how many rows, whether two requests can share a model call, concatenation and splitting.</summary>
internal static class TensorRows
{
    /// <summary>The rows of a request: the common first dimension of its tensors; 0 when they have none or disagree (such a request is not batched).</summary>
    public static int RowsOf(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var rows = -1;
        foreach (var tensor in inputs.Values)
        {
            if (tensor.Rank == 0) return 0;
            var d = tensor.Dim(0);
            if (rows < 0) rows = d;
            else if (rows != d) return 0;
        }
        return Math.Max(rows, 0);
    }

    /// <summary>
    /// Whether two requests may be merged: tables with the same columns in the same order, text in the same
    /// columns (or both tensors), the same tensor names, element types and shape past the first dimension, and
    /// the same requested outputs. Rows of different schemas are never mixed.
    /// </summary>
    public static bool Compatible(BatchRequest a, BatchRequest b)
    {
        if (a.Inputs.Count != b.Inputs.Count || !SameOutputs(a.OutputNames, b.OutputNames) || !SameTable(a.Frame, b.Frame)) return false;
        foreach (var (name, x) in a.Inputs)
        {
            if (!b.Inputs.TryGetValue(name, out var y) || x.Type != y.Type || x.Rank != y.Rank) return false;
            var xs = x.Shape;
            var ys = y.Shape;
            for (var d = 1; d < xs.Length; d++)
                if (xs[d] != ys[d]) return false;
        }
        return true;
    }

    private static bool SameTable(Protocols.InputFrame? a, Protocols.InputFrame? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (ReferenceEquals(a.Columns, b.Columns)) return true;
        if (a.Columns.Count != b.Columns.Count) return false;
        for (var c = 0; c < a.Columns.Count; c++)
            if (a.Columns[c] != b.Columns[c] || (a.Texts[c] is null) != (b.Texts[c] is null)) return false;
        return true;
    }

    private static bool SameOutputs(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (a[i] != b[i]) return false;
        return true;
    }

    /// <summary>The requests' tensors stacked along the first dimension, in order.</summary>
    public static Dictionary<string, Tensor> Concat(IReadOnlyList<BatchRequest> requests, int totalRows)
    {
        var merged = new Dictionary<string, Tensor>(requests[0].Inputs.Count, StringComparer.Ordinal);
        foreach (var (name, first) in requests[0].Inputs)
        {
            var perRow = first.Dim(0) == 0 ? ElementsPerRow(first.Shape) : first.Length / first.Dim(0);
            var data = Array.CreateInstance(first.Type.ElementClrType(), (long)totalRows * perRow);
            var offset = 0;
            foreach (var request in requests)
            {
                var part = request.Inputs[name].Data;
                Array.Copy(part, 0, data, offset, part.Length);
                offset += part.Length;
            }
            var shape = first.ShapeArray();
            shape[0] = totalRows;
            merged[name] = new Tensor(first.Type, shape, data);
        }
        return merged;
    }

    /// <summary>Rows [start, start + rows) of a tensor whose first dimension is the batch.</summary>
    public static Tensor Slice(Tensor tensor, int start, int rows)
    {
        var perRow = tensor.Length / tensor.Dim(0);
        var data = Array.CreateInstance(tensor.Type.ElementClrType(), (long)rows * perRow);
        Array.Copy(tensor.Data, (long)start * perRow, data, 0, (long)rows * perRow);
        var shape = tensor.ShapeArray();
        shape[0] = rows;
        return new Tensor(tensor.Type, shape, data);
    }

    private static int ElementsPerRow(ReadOnlySpan<int> shape)
    {
        var n = 1;
        for (var d = 1; d < shape.Length; d++) n *= shape[d];
        return n;
    }
}
