using Gyre.Core.Errors;

namespace Gyre.Models.Abstractions;

/// <summary>
/// A dense, row-major tensor: an element type, a shape and one contiguous array holding exactly
/// <see cref="Length"/> elements (float[], double[], long[], int[], bool[] or string?[]).
/// A tensor never copies on construction; whoever builds one hands over the array.
/// </summary>
public sealed class Tensor
{
    private readonly int[] _shape;

    public Tensor(TensorType type, ReadOnlySpan<int> shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _shape = shape.ToArray();
        long length = 1;
        foreach (var d in _shape)
        {
            if (d < 0) throw GyreException.InvalidParameter($"Tensor shape [{string.Join(", ", _shape)}] has a negative dimension.");
            length *= d;
        }
        if (length > Array.MaxLength) throw GyreException.InvalidParameter($"Tensor shape [{string.Join(", ", _shape)}] is too large.");
        if (data.GetType().GetElementType() != type.ElementClrType())
            throw new ArgumentException($"A {type.ToName()} tensor needs a {type.ElementClrType().Name}[] array, not {data.GetType().Name}.", nameof(data));
        if (data.Length != length)
            throw GyreException.InvalidParameter(
                $"Tensor shape [{string.Join(", ", _shape)}] needs {length} elements but {data.Length} were given.");
        Type = type;
        Data = data;
    }

    public TensorType Type { get; }

    /// <summary>Dimensions, outermost first. Empty for a scalar.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    public int Rank => _shape.Length;

    public int Length => Data.Length;

    /// <summary>The element array (exactly <see cref="Length"/> long); its element type matches <see cref="Type"/>.</summary>
    public Array Data { get; }

    /// <summary>Dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public int Dim(int axis) => _shape[axis < 0 ? axis + _shape.Length : axis];

    public int[] ShapeArray() => (int[])_shape.Clone();

    /// <summary>The elements as a typed array; throws if <typeparamref name="T"/> is not this tensor's element type.</summary>
    public T[] As<T>() => Data as T[]
        ?? throw GyreException.InvalidParameter($"Tensor is {Type.ToName()}, not {typeof(T).Name}.");

    public Span<T> AsSpan<T>() => As<T>();

    public override string ToString() => $"{Type.ToName()}[{string.Join(", ", _shape)}]";

    public static Tensor FromFloat(float[] data, params int[] shape) => new(TensorType.Float32, shape, data);
    public static Tensor FromDouble(double[] data, params int[] shape) => new(TensorType.Float64, shape, data);
    public static Tensor FromInt64(long[] data, params int[] shape) => new(TensorType.Int64, shape, data);
    public static Tensor FromInt32(int[] data, params int[] shape) => new(TensorType.Int32, shape, data);
    public static Tensor FromBool(bool[] data, params int[] shape) => new(TensorType.Bool, shape, data);
    public static Tensor FromString(string?[] data, params int[] shape) => new(TensorType.String, shape, data);

    /// <summary>A zero-filled (or empty-string-less: null-filled) tensor of the given type and shape.</summary>
    public static Tensor Zeros(TensorType type, params int[] shape)
    {
        long length = 1;
        foreach (var d in shape) length *= d;
        return new Tensor(type, shape, Array.CreateInstance(type.ElementClrType(), length));
    }
}
