using System.Runtime.InteropServices;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Proto;
using DataType = Gyre.Models.Onnx.Proto.TensorProto.Types.DataType;

namespace Gyre.Models.Onnx.Loading;

/// <summary>Converts ONNX <c>TensorProto</c>s (inline, raw or external data) to <see cref="Tensor"/>s.</summary>
public static class TensorProtoConverter
{
    public static bool TryMapType(int onnxType, out TensorType type)
    {
        switch ((DataType)onnxType)
        {
            case DataType.Float: type = TensorType.Float32; return true;
            case DataType.Double: type = TensorType.Float64; return true;
            case DataType.Int64: type = TensorType.Int64; return true;
            case DataType.Int32: type = TensorType.Int32; return true;
            case DataType.Bool: type = TensorType.Bool; return true;
            case DataType.String: type = TensorType.String; return true;
            default: type = default; return false;
        }
    }

    public static int ToOnnxType(TensorType type) => type switch
    {
        TensorType.Float32 => (int)DataType.Float,
        TensorType.Float64 => (int)DataType.Double,
        TensorType.Int64 => (int)DataType.Int64,
        TensorType.Int32 => (int)DataType.Int32,
        TensorType.Bool => (int)DataType.Bool,
        TensorType.String => (int)DataType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string OnnxTypeName(int onnxType) =>
        Enum.IsDefined(typeof(DataType), onnxType) ? ((DataType)onnxType).ToString().ToLowerInvariant() : $"type {onnxType}";

    /// <param name="baseDirectory">Folder that external-data locations are relative to; null forbids external data.</param>
    public static Tensor ToTensor(TensorProto proto, string? baseDirectory, string what)
    {
        if (!TryMapType(proto.DataType, out var type))
            throw new GyreException(ErrorCode.NOT_IMPLEMENTED,
                $"{what}: tensor element type {OnnxTypeName(proto.DataType)} is not supported (supported: float, double, int64, int32, bool, string).");
        var shape = new int[proto.Dims.Count];
        long length = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            var d = proto.Dims[i];
            if (d < 0 || d > int.MaxValue) throw Corrupt(what, $"dimension {d} is invalid");
            shape[i] = (int)d;
            length *= d;
            if (length > Array.MaxLength) throw Corrupt(what, "tensor is too large");
        }
        var n = (int)length;

        if (proto.HasDataLocation && proto.DataLocation == TensorProto.Types.DataLocation.External)
            return FromBytes(type, shape, n, ReadExternal(proto, baseDirectory, what, n, type), what);
        if (proto.HasRawData)
            return FromBytes(type, shape, n, proto.RawData.Span, what);

        Array data;
        switch (type)
        {
            case TensorType.Float32: data = CheckCount(proto.FloatData.ToArray(), n, what); break;
            case TensorType.Float64: data = CheckCount(proto.DoubleData.ToArray(), n, what); break;
            case TensorType.Int64: data = CheckCount(proto.Int64Data.ToArray(), n, what); break;
            case TensorType.Int32: data = CheckCount(proto.Int32Data.ToArray(), n, what); break;
            case TensorType.Bool: data = CheckCount(proto.Int32Data.Select(v => v != 0).ToArray(), n, what); break;
            default: data = CheckCount(proto.StringData.Select(s => (string?)s.ToStringUtf8()).ToArray(), n, what); break;
        }
        return new Tensor(type, shape, data);
    }

    private static T[] CheckCount<T>(T[] values, int expected, string what)
    {
        if (values.Length != expected)
            throw Corrupt(what, $"holds {values.Length} values but its shape needs {expected}");
        return values;
    }

    private static Tensor FromBytes(TensorType type, int[] shape, int n, ReadOnlySpan<byte> bytes, string what)
    {
        if (type == TensorType.String) throw Corrupt(what, "string tensors cannot use raw data");
        var size = type switch { TensorType.Float32 or TensorType.Int32 => 4, TensorType.Bool => 1, _ => 8 };
        if (bytes.Length != (long)n * size)
            throw Corrupt(what, $"raw data has {bytes.Length} bytes but shape [{string.Join(", ", shape)}] needs {(long)n * size}");
        Array data;
        switch (type)
        {
            case TensorType.Float32: { var a = new float[n]; bytes.CopyTo(MemoryMarshal.AsBytes(a.AsSpan())); data = a; break; }
            case TensorType.Float64: { var a = new double[n]; bytes.CopyTo(MemoryMarshal.AsBytes(a.AsSpan())); data = a; break; }
            case TensorType.Int64: { var a = new long[n]; bytes.CopyTo(MemoryMarshal.AsBytes(a.AsSpan())); data = a; break; }
            case TensorType.Int32: { var a = new int[n]; bytes.CopyTo(MemoryMarshal.AsBytes(a.AsSpan())); data = a; break; }
            default: { var a = new bool[n]; for (var i = 0; i < n; i++) a[i] = bytes[i] != 0; data = a; break; }
        }
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian.");
        return new Tensor(type, shape, data);
    }

    private static byte[] ReadExternal(TensorProto proto, string? baseDirectory, string what, int n, TensorType type)
    {
        string? location = null;
        long offset = 0, length = -1;
        foreach (var kv in proto.ExternalData)
        {
            switch (kv.Key)
            {
                case "location": location = kv.Value; break;
                case "offset": offset = long.Parse(kv.Value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "length": length = long.Parse(kv.Value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }
        if (string.IsNullOrEmpty(location)) throw Corrupt(what, "external data has no location");
        if (baseDirectory is null)
            throw Corrupt(what, $"uses external data '{location}' but the model was not loaded from a file");
        var root = Path.GetFullPath(baseDirectory);
        var full = Path.GetFullPath(Path.Combine(root, location));
        if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw Corrupt(what, $"external data location '{location}' points outside the model folder");
        if (!File.Exists(full))
            throw new GyreException(ErrorCode.RESOURCE_DOES_NOT_EXIST, $"{what}: external data file '{location}' is missing beside the model.");
        using var fs = File.OpenRead(full);
        if (length < 0) length = fs.Length - offset;
        if (offset < 0 || offset + length > fs.Length)
            throw Corrupt(what, $"external data range {offset}+{length} exceeds file '{location}' ({fs.Length} bytes)");
        var buf = new byte[length];
        fs.Position = offset;
        fs.ReadExactly(buf);
        return buf;
    }

    private static GyreException Corrupt(string what, string problem) =>
        GyreException.InvalidParameter($"Invalid ONNX model: {what}: {problem}.");

    /// <summary>Builds a TensorProto (raw data) from a tensor; used to write test fixtures and exports.</summary>
    public static TensorProto FromTensor(Tensor tensor, string name)
    {
        var proto = new TensorProto { Name = name, DataType = ToOnnxType(tensor.Type) };
        foreach (var d in tensor.Shape) proto.Dims.Add(d);
        switch (tensor.Type)
        {
            case TensorType.String:
                foreach (var s in tensor.As<string?>()) proto.StringData.Add(Google.Protobuf.ByteString.CopyFromUtf8(s ?? ""));
                break;
            case TensorType.Bool:
                proto.RawData = Google.Protobuf.ByteString.CopyFrom(tensor.As<bool>().Select(b => (byte)(b ? 1 : 0)).ToArray());
                break;
            case TensorType.Float32: proto.RawData = Google.Protobuf.ByteString.CopyFrom(MemoryMarshal.AsBytes(tensor.AsSpan<float>())); break;
            case TensorType.Float64: proto.RawData = Google.Protobuf.ByteString.CopyFrom(MemoryMarshal.AsBytes(tensor.AsSpan<double>())); break;
            case TensorType.Int64: proto.RawData = Google.Protobuf.ByteString.CopyFrom(MemoryMarshal.AsBytes(tensor.AsSpan<long>())); break;
            case TensorType.Int32: proto.RawData = Google.Protobuf.ByteString.CopyFrom(MemoryMarshal.AsBytes(tensor.AsSpan<int>())); break;
        }
        return proto;
    }
}
