using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Erf: the Gauss error function, elementwise.</summary>
public sealed class ErfOp : OnnxKernel
{
    public override void Run(KernelContext ctx) =>
        Unary.Run(ctx, Unary.Each<float>(static v => (float)Compute(v)), Unary.Each<double>(Compute));

    /// <summary>erf(x) to double precision: Taylor series near 0, Lentz continued fraction for erfc beyond.</summary>
    public static double Compute(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        var ax = System.Math.Abs(x);
        double r;
        if (ax < 2.5)
        {
            double term = ax, sum = ax, x2 = ax * ax;
            for (var n = 1; n < 100; n++)
            {
                term *= -x2 / n;
                var add = term / (2 * n + 1);
                sum += add;
                if (System.Math.Abs(add) < 1e-17 * System.Math.Abs(sum)) break;
            }
            r = 2 / System.Math.Sqrt(System.Math.PI) * sum;
        }
        else if (ax > 6) r = 1;
        else
        {
            // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated backwards.
            double f = ax;
            for (var k = 60; k >= 1; k--) f = ax + k / 2.0 / f;
            r = 1 - System.Math.Exp(-ax * ax) / System.Math.Sqrt(System.Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }
}
