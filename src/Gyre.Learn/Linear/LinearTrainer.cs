using Gyre.Core.Errors;
using Gyre.Learn.Data;

namespace Gyre.Learn.Linear;

/// <summary>
/// Ridge (L2) linear regression in closed form, and L2-penalised logistic regression (binary or
/// multinomial) by Newton's method with step halving. Features are standardised internally and the
/// weights mapped back to raw units; missing values are replaced by the feature's training mean.
/// </summary>
public static class LinearTrainer
{
    public static LinearModel Train(Dataset train, LinearOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (train.RowCount == 0) throw GyreException.InvalidParameter("The training data has no rows.");
        train.RequireLabels();
        int n = train.RowCount, f = train.FeatureCount;
        var (means, scales) = Moments(train);
        // Standardised design matrix, missing values at the mean (0 after centring).
        var x = new double[n * f];
        for (int r = 0; r < n; r++)
            for (int j = 0; j < f; j++)
            {
                float v = train.Features[r * f + j];
                x[r * f + j] = float.IsNaN(v) ? 0 : (v - means[j]) / scales[j];
            }

        int classes = options.Task switch
        {
            LearningTask.Regression => 1,
            LearningTask.BinaryClassification => 2,
            _ => train.CountClasses(),
        };
        if (options.Task == LearningTask.BinaryClassification)
            foreach (var y in train.Labels)
                if (y is not (0f or 1f)) throw GyreException.InvalidParameter($"Binary classification needs labels 0 or 1, found {y}.");

        double[,] w;
        double[] b;
        if (options.Task == LearningTask.Regression) (w, b) = Ridge(x, train.Labels, n, f, options.L2);
        else (w, b) = Logistic(x, train.Labels, n, f, options.Task == LearningTask.BinaryClassification ? 1 : classes, options, cancellationToken);

        // Back to raw units: w_raw = w / scale, b_raw = b - Σ w_raw * mean.
        int k = b.Length;
        var weights = new double[k, f];
        var intercepts = new double[k];
        for (int c = 0; c < k; c++)
        {
            intercepts[c] = b[c];
            for (int j = 0; j < f; j++)
            {
                weights[c, j] = w[c, j] / scales[j];
                intercepts[c] -= weights[c, j] * means[j];
            }
        }
        return new LinearModel(options.Task, classes, train.FeatureNames, weights, intercepts, means.Select(m => (float)m).ToArray());
    }

    private static (double[] Means, double[] Scales) Moments(Dataset data)
    {
        int n = data.RowCount, f = data.FeatureCount;
        var means = new double[f];
        var scales = new double[f];
        for (int j = 0; j < f; j++)
        {
            double sum = 0, sumSq = 0;
            int count = 0;
            for (int r = 0; r < n; r++)
            {
                float v = data.Features[r * f + j];
                if (float.IsNaN(v)) continue;
                sum += v;
                count++;
            }
            double mean = count > 0 ? sum / count : 0;
            for (int r = 0; r < n; r++)
            {
                float v = data.Features[r * f + j];
                if (!float.IsNaN(v)) sumSq += (v - mean) * (v - mean);
            }
            double sd = count > 1 ? Math.Sqrt(sumSq / count) : 0;
            means[j] = mean;
            scales[j] = sd > 1e-12 ? sd : 1; // a constant column keeps weight 0 under the penalty
        }
        return (means, scales);
    }

    private static (double[,] W, double[] B) Ridge(double[] x, float[] y, int n, int f, double l2)
    {
        double yMean = y.Average(v => (double)v);
        // Features are centred, so the intercept is the label mean and drops out of the normal equations.
        var a = new double[f, f];
        var rhs = new double[f];
        for (int r = 0; r < n; r++)
        {
            double target = y[r] - yMean;
            for (int i = 0; i < f; i++)
            {
                double xi = x[r * f + i];
                rhs[i] += xi * target;
                for (int j = 0; j <= i; j++) a[i, j] += xi * x[r * f + j];
            }
        }
        for (int i = 0; i < f; i++)
        {
            a[i, i] += l2 + 1e-10;
            for (int j = 0; j < i; j++) a[j, i] = a[i, j];
        }
        var solution = Cholesky.Solve(a, rhs);
        var w = new double[1, f];
        for (int j = 0; j < f; j++) w[0, j] = solution[j];
        return (w, [yMean]);
    }

    /// <summary>Newton's method on the penalised log-likelihood; <paramref name="k"/> = 1 for binary (sigmoid), else softmax.</summary>
    private static (double[,] W, double[] B) Logistic(double[] x, float[] y, int n, int f, int k, LinearOptions options, CancellationToken token)
    {
        int p = f + 1; // weights then intercept, per class
        int d = k * p;
        var theta = new double[d];
        var probabilities = new double[k];
        double loss = Loss(theta, x, y, n, f, k, options.L2, probabilities);
        for (int iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            token.ThrowIfCancellationRequested();
            var gradient = new double[d];
            var hessian = new double[d, d];
            var row = new double[p];
            for (int r = 0; r < n; r++)
            {
                for (int j = 0; j < f; j++) row[j] = x[r * f + j];
                row[f] = 1;
                Probabilities(theta, row, k, p, probabilities);
                for (int c = 0; c < k; c++)
                {
                    double target = k == 1 ? y[r] : ((int)y[r] == c ? 1 : 0);
                    double residual = probabilities[c] - target;
                    for (int j = 0; j < p; j++) gradient[c * p + j] += residual * row[j];
                    for (int c2 = 0; c2 <= c; c2++)
                    {
                        double weight = k == 1
                            ? probabilities[0] * (1 - probabilities[0])
                            : probabilities[c] * ((c == c2 ? 1 : 0) - probabilities[c2]);
                        for (int i = 0; i < p; i++)
                        {
                            double wi = weight * row[i];
                            for (int j = 0; j < p; j++) hessian[c * p + i, c2 * p + j] += wi * row[j];
                        }
                    }
                }
            }
            for (int c = 0; c < k; c++)
                for (int c2 = 0; c2 < c; c2++)
                    for (int i = 0; i < p; i++)
                        for (int j = 0; j < p; j++)
                            hessian[c2 * p + j, c * p + i] = hessian[c * p + i, c2 * p + j];
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < f; j++)
                {
                    gradient[c * p + j] += options.L2 * theta[c * p + j];
                    hessian[c * p + j, c * p + j] += options.L2;
                }
                // The softmax intercepts are only defined up to a shared constant; a whisper of ridge pins them.
                hessian[c * p + f, c * p + f] += 1e-8 * n;
            }
            double maxGradient = gradient.Max(Math.Abs) / n;
            if (maxGradient < options.Tolerance) break;

            var step = Cholesky.Solve(hessian, gradient);
            double scale = 1;
            var candidate = new double[d];
            double candidateLoss;
            do
            {
                for (int i = 0; i < d; i++) candidate[i] = theta[i] - scale * step[i];
                candidateLoss = Loss(candidate, x, y, n, f, k, options.L2, probabilities);
                scale /= 2;
            }
            while (candidateLoss > loss + 1e-12 * Math.Abs(loss) && scale > 1e-10);
            if (candidateLoss > loss) break;
            bool converged = loss - candidateLoss < 1e-14 * Math.Max(1, Math.Abs(loss));
            theta = candidate;
            loss = candidateLoss;
            if (converged) break;
        }

        var w = new double[k, f];
        var b = new double[k];
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < f; j++) w[c, j] = theta[c * p + j];
            b[c] = theta[c * p + f];
        }
        return (w, b);
    }

    private static void Probabilities(double[] theta, double[] row, int k, int p, double[] into)
    {
        double max = double.NegativeInfinity;
        for (int c = 0; c < k; c++)
        {
            double z = 0;
            for (int j = 0; j < p; j++) z += theta[c * p + j] * row[j];
            into[c] = z;
            max = Math.Max(max, z);
        }
        if (k == 1)
        {
            into[0] = 1 / (1 + Math.Exp(-into[0]));
            return;
        }
        double sum = 0;
        for (int c = 0; c < k; c++) sum += into[c] = Math.Exp(into[c] - max);
        for (int c = 0; c < k; c++) into[c] /= sum;
    }

    private static double Loss(double[] theta, double[] x, float[] y, int n, int f, int k, double l2, double[] probabilities)
    {
        int p = f + 1;
        var row = new double[p];
        double loss = 0;
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < f; j++) row[j] = x[r * f + j];
            row[f] = 1;
            Probabilities(theta, row, k, p, probabilities);
            double pr = k == 1 ? (y[r] == 1 ? probabilities[0] : 1 - probabilities[0]) : probabilities[(int)y[r]];
            loss -= Math.Log(Math.Max(pr, 1e-300));
        }
        for (int c = 0; c < k; c++)
            for (int j = 0; j < f; j++) loss += 0.5 * l2 * theta[c * p + j] * theta[c * p + j];
        return loss;
    }
}
