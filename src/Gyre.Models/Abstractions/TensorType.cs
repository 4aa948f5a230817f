namespace Gyre.Models.Abstractions;

/// <summary>Element type of a <see cref="Tensor"/>. Each maps to one .NET array type.</summary>
public enum TensorType
{
    Float32,
    Float64,
    Int64,
    Int32,
    Bool,
    String,
}

public static class TensorTypeExtensions
{
    /// <summary>The lower-case name used by numpy, MLflow signatures and the Open Inference Protocol.</summary>
    public static string ToName(this TensorType type) => type switch
    {
        TensorType.Float32 => "float32",
        TensorType.Float64 => "float64",
        TensorType.Int64 => "int64",
        TensorType.Int32 => "int32",
        TensorType.Bool => "bool",
        TensorType.String => "string",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses numpy / MLflow names ("float32", "float", "double", "long", "int", "boolean", "str").</summary>
    public static bool TryParse(string name, out TensorType type)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "float32" or "float" or "fp32": type = TensorType.Float32; return true;
            case "float64" or "double" or "fp64": type = TensorType.Float64; return true;
            case "int64" or "long": type = TensorType.Int64; return true;
            case "int32" or "int" or "integer": type = TensorType.Int32; return true;
            case "bool" or "boolean": type = TensorType.Bool; return true;
            case "string" or "str" or "bytes": type = TensorType.String; return true;
            default: type = default; return false;
        }
    }

    public static Type ElementClrType(this TensorType type) => type switch
    {
        TensorType.Float32 => typeof(float),
        TensorType.Float64 => typeof(double),
        TensorType.Int64 => typeof(long),
        TensorType.Int32 => typeof(int),
        TensorType.Bool => typeof(bool),
        TensorType.String => typeof(string),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
