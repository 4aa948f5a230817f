using Gyre.Core.Errors;

namespace Gyre.Models.Xgboost;

/// <summary>How an objective turns margins into predictions, and base_score into a base margin.</summary>
public enum XgboostTransform
{
    /// <summary>Prediction = margin (reg:squarederror, binary:logitraw, rank:*, ...).</summary>
    Identity,
    /// <summary>Prediction = sigmoid(margin) (binary:logistic, reg:logistic).</summary>
    Sigmoid,
    /// <summary>Prediction = exp(margin) (count:poisson, reg:gamma, reg:tweedie, survival:cox).</summary>
    Exp,
    /// <summary>Prediction = 1 if margin &gt; 0 else 0 (binary:hinge).</summary>
    Hinge,
    /// <summary>Prediction = softmax over the class margins (multi:softprob).</summary>
    Softmax,
    /// <summary>Prediction = index of the largest class margin (multi:softmax).</summary>
    ArgMax,
}

/// <summary>An XGBoost objective as far as scoring cares: its name and output transform.</summary>
public sealed record XgboostObjective(string Name, XgboostTransform Transform)
{
    /// <summary>
    /// The margin XGBoost 1.x starts from: base_score is stored in prediction space and mapped back through
    /// the objective's <c>ProbToMargin</c> (logit for logistic objectives, log for the exp ones).
    /// </summary>
    public float BaseMargin(float baseScore) => Name switch
    {
        "binary:logistic" or "reg:logistic" or "binary:logitraw" => -MathF.Log(1f / baseScore - 1f),
        "count:poisson" or "reg:gamma" or "reg:tweedie" or "survival:cox" => MathF.Log(baseScore),
        _ => baseScore,
    };

    public static XgboostObjective Parse(string name) => name switch
    {
        "binary:logistic" or "reg:logistic" => new(name, XgboostTransform.Sigmoid),
        "binary:logitraw" or "reg:squarederror" or "reg:linear" or "reg:squaredlogerror" or "reg:pseudohubererror"
            or "reg:absoluteerror" or "reg:quantileerror" or "survival:aft" or "rank:pairwise" or "rank:ndcg"
            or "rank:map" => new(name, XgboostTransform.Identity),
        "count:poisson" or "reg:gamma" or "reg:tweedie" or "survival:cox" => new(name, XgboostTransform.Exp),
        "binary:hinge" => new(name, XgboostTransform.Hinge),
        "multi:softprob" => new(name, XgboostTransform.Softmax),
        "multi:softmax" => new(name, XgboostTransform.ArgMax),
        _ => throw new GyreException(ErrorCode.NOT_IMPLEMENTED, $"The XGBoost objective '{name}' is not supported."),
    };

    /// <summary>Transforms one row's margins (one per group) into its prediction values in place.</summary>
    /// <returns>The number of prediction values written (1 for multi:softmax, otherwise the group count).</returns>
    public int TransformRow(Span<float> margins, Span<float> predictions)
    {
        switch (Transform)
        {
            case XgboostTransform.Identity:
                margins.CopyTo(predictions);
                return margins.Length;
            case XgboostTransform.Sigmoid:
                for (int i = 0; i < margins.Length; i++) predictions[i] = 1f / (1f + MathF.Exp(-margins[i]));
                return margins.Length;
            case XgboostTransform.Exp:
                for (int i = 0; i < margins.Length; i++) predictions[i] = MathF.Exp(margins[i]);
                return margins.Length;
            case XgboostTransform.Hinge:
                for (int i = 0; i < margins.Length; i++) predictions[i] = margins[i] > 0f ? 1f : 0f;
                return margins.Length;
            case XgboostTransform.Softmax:
            {
                float max = float.NegativeInfinity;
                foreach (var v in margins) max = Math.Max(max, v);
                float sum = 0f;
                for (int i = 0; i < margins.Length; i++)
                {
                    predictions[i] = MathF.Exp(margins[i] - max);
                    sum += predictions[i];
                }
                for (int i = 0; i < margins.Length; i++) predictions[i] /= sum;
                return margins.Length;
            }
            default:
            {
                int best = 0;
                for (int i = 1; i < margins.Length; i++) if (margins[i] > margins[best]) best = i;
                predictions[0] = best;
                return 1;
            }
        }
    }
}
