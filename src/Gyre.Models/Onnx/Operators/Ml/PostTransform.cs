using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>The <c>post_transform</c> attribute shared by the ai.onnx.ml linear and tree operators.</summary>
public enum PostTransformKind { None, Softmax, Logistic, SoftmaxZero, Probit }

public static class PostTransform
{
    public static PostTransformKind Parse(OnnxNode node) => node.String("post_transform", "NONE") switch
    {
        "NONE" => PostTransformKind.None,
        "SOFTMAX" => PostTransformKind.Softmax,
        "LOGISTIC" => PostTransformKind.Logistic,
        "SOFTMAX_ZERO" => PostTransformKind.SoftmaxZero,
        "PROBIT" => PostTransformKind.Probit,
        var other => throw node.Unsupported($"post_transform '{other}'"),
    };

    /// <summary>Applies the transform in place to one row of scores (computed in double, as the reference does).</summary>
    public static void Apply(PostTransformKind kind, Span<double> scores)
    {
        switch (kind)
        {
            case PostTransformKind.Softmax:
            {
                var max = double.NegativeInfinity;
                foreach (var s in scores) max = System.Math.Max(max, s);
                double sum = 0;
                for (var i = 0; i < scores.Length; i++) sum += scores[i] = System.Math.Exp(scores[i] - max);
                for (var i = 0; i < scores.Length; i++) scores[i] /= sum;
                break;
            }
            case PostTransformKind.SoftmaxZero:
            {
                var max = double.NegativeInfinity;
                foreach (var s in scores) if (s != 0) max = System.Math.Max(max, s);
                double sum = 0;
                for (var i = 0; i < scores.Length; i++) sum += scores[i] = scores[i] == 0 ? 0 : System.Math.Exp(scores[i] - max);
                if (sum > 0) for (var i = 0; i < scores.Length; i++) scores[i] /= sum;
                break;
            }
            case PostTransformKind.Logistic:
                for (var i = 0; i < scores.Length; i++) scores[i] = Sigmoid(scores[i]);
                break;
            case PostTransformKind.Probit:
                for (var i = 0; i < scores.Length; i++) scores[i] = Probit(scores[i]);
                break;
        }
    }

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + System.Math.Exp(-x)) : System.Math.Exp(x) / (1 + System.Math.Exp(x));

    /// <summary>sqrt(2) * erfinv(2p - 1), the probit as the ONNX reference computes it.</summary>
    public static double Probit(double p) => System.Math.Sqrt(2) * ErfInv(2 * p - 1);

    private static double ErfInv(double x)
    {
        // Giles' single-precision approximation refined by two Newton steps on erf.
        var w = -System.Math.Log((1 - x) * (1 + x));
        double r;
        if (w < 5)
        {
            w -= 2.5;
            r = 2.81022636e-08; r = 3.43273939e-07 + r * w; r = -3.5233877e-06 + r * w; r = -4.39150654e-06 + r * w;
            r = 0.00021858087 + r * w; r = -0.00125372503 + r * w; r = -0.00417768164 + r * w; r = 0.246640727 + r * w; r = 1.50140941 + r * w;
        }
        else
        {
            w = System.Math.Sqrt(w) - 3;
            r = -0.000200214257; r = 0.000100950558 + r * w; r = 0.00134934322 + r * w; r = -0.00367342844 + r * w;
            r = 0.00573950773 + r * w; r = -0.0076224613 + r * w; r = 0.00943887047 + r * w; r = 1.00167406 + r * w; r = 2.83297682 + r * w;
        }
        r *= x;
        for (var k = 0; k < 2 && double.IsFinite(r); k++)
            r -= (Numeric.ErfOp.Compute(r) - x) / (2 / System.Math.Sqrt(System.Math.PI) * System.Math.Exp(-r * r));
        return r;
    }

    /// <summary>Index of the largest value; the lowest index wins ties (numpy argmax, onnxruntime).</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
