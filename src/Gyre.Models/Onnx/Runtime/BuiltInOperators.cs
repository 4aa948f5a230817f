using Gyre.Models.Onnx.Operators.Ml;
using Gyre.Models.Onnx.Operators.Nn;
using Gyre.Models.Onnx.Operators.Numeric;
using Gyre.Models.Onnx.Operators.Shaping;

namespace Gyre.Models.Onnx.Runtime;

/// <summary>Every operator Gyre's ONNX interpreter implements, with the opset it is valid from.</summary>
internal static class BuiltInOperators
{
    public static OperatorRegistry CreateRegistry()
    {
        var r = new OperatorRegistry();
        const string ml = OperatorRegistry.MlDomain;

        // Numeric: elementwise arithmetic and math
        r.Add("", "Add", 7, _ => new AddOp());
        r.Add("", "Sub", 7, _ => new SubOp());
        r.Add("", "Mul", 7, _ => new MulOp());
        r.Add("", "Div", 7, _ => new DivOp());
        r.Add("", "Pow", 7, _ => new PowOp());
        r.Add("", "Exp", 6, _ => new ExpOp());
        r.Add("", "Log", 6, _ => new LogOp());
        r.Add("", "Sqrt", 6, _ => new SqrtOp());
        r.Add("", "Abs", 6, _ => new AbsOp());
        r.Add("", "Neg", 6, _ => new NegOp());
        r.Add("", "Floor", 6, _ => new FloorOp());
        r.Add("", "Ceil", 6, _ => new CeilOp());
        r.Add("", "Reciprocal", 6, _ => new ReciprocalOp());
        r.Add("", "Erf", 9, _ => new ErfOp());
        r.Add("", "Clip", 6, n => new ClipOp(n));
        r.Add("", "MatMul", 1, _ => new MatMulOp());
        r.Add("", "Gemm", 7, n => new GemmOp(n));
        r.Add("", "ReduceSum", 1, n => new ReduceOp(n, ReduceKind.Sum, 13));
        r.Add("", "ReduceMean", 1, n => new ReduceOp(n, ReduceKind.Mean, 18));
        r.Add("", "ReduceMax", 1, n => new ReduceOp(n, ReduceKind.Max, 18));
        r.Add("", "ReduceMin", 1, n => new ReduceOp(n, ReduceKind.Min, 18));
        r.Add("", "ReduceProd", 1, n => new ReduceOp(n, ReduceKind.Prod, 18));
        r.Add("", "ReduceSumSquare", 1, n => new ReduceOp(n, ReduceKind.SumSquare, 18));
        r.Add("", "ReduceL1", 1, n => new ReduceOp(n, ReduceKind.L1, 18));
        r.Add("", "ReduceL2", 1, n => new ReduceOp(n, ReduceKind.L2, 18));
        r.Add("", "ReduceLogSumExp", 1, n => new ReduceOp(n, ReduceKind.LogSumExp, 18));
        r.Add("", "ArgMax", 1, n => new ArgMaxOp(n, max: true));
        r.Add("", "ArgMin", 1, n => new ArgMaxOp(n, max: false));
        r.Add("", "Equal", 7, _ => new CompareOp(Comparison.Equal));
        r.Add("", "Less", 7, _ => new CompareOp(Comparison.Less));
        r.Add("", "Greater", 7, _ => new CompareOp(Comparison.Greater));
        r.Add("", "LessOrEqual", 12, _ => new CompareOp(Comparison.LessOrEqual));
        r.Add("", "GreaterOrEqual", 12, _ => new CompareOp(Comparison.GreaterOrEqual));
        r.Add("", "Not", 1, _ => new NotOp());
        r.Add("", "And", 7, _ => new LogicalOp(LogicalKind.And));
        r.Add("", "Or", 7, _ => new LogicalOp(LogicalKind.Or));
        r.Add("", "Xor", 7, _ => new LogicalOp(LogicalKind.Xor));

        // Nn: activations
        r.Add("", "Relu", 6, _ => new ReluOp());
        r.Add("", "LeakyRelu", 6, n => new LeakyReluOp(n));
        r.Add("", "Sigmoid", 6, _ => new SigmoidOp());
        r.Add("", "Tanh", 6, _ => new TanhOp());
        r.Add("", "Softmax", 1, n => new SoftmaxOp(n, log: false));
        r.Add("", "LogSoftmax", 1, n => new SoftmaxOp(n, log: true));

        // Nn: layers
        r.Add("", "Conv", 1, n => new ConvOp(n));
        r.Add("", "MaxPool", 1, n => new PoolOp(n, max: true));
        r.Add("", "AveragePool", 1, n => new PoolOp(n, max: false));
        r.Add("", "GlobalAveragePool", 1, _ => new GlobalPoolOp(max: false));
        r.Add("", "GlobalMaxPool", 1, _ => new GlobalPoolOp(max: true));
        r.Add("", "BatchNormalization", 6, n => new BatchNormalizationOp(n));
        r.Add("", "LayerNormalization", 17, n => new LayerNormalizationOp(n));
        r.Add("", "Dropout", 1, n => new DropoutOp(n));

        // Shaping and types
        r.Add("", "Cast", 6, n => new CastOp(n));
        r.Add("", "Identity", 1, _ => new IdentityOp());
        r.Add("", "Reshape", 1, n => new ReshapeOp(n));
        r.Add("", "Flatten", 1, n => new FlattenOp(n));
        r.Add("", "Squeeze", 1, n => new SqueezeOp(n));
        r.Add("", "Unsqueeze", 1, n => new UnsqueezeOp(n));
        r.Add("", "Transpose", 1, n => new TransposeOp(n));
        r.Add("", "Concat", 4, n => new ConcatOp(n));
        r.Add("", "Gather", 1, n => new GatherOp(n));
        r.Add("", "Slice", 1, n => new SliceOp(n));
        r.Add("", "Split", 2, n => new SplitOp(n));
        r.Add("", "Shape", 1, n => new ShapeOp(n));
        r.Add("", "Constant", 1, n => new ConstantOp(n));
        r.Add("", "ConstantOfShape", 9, n => new ConstantOfShapeOp(n));
        r.Add("", "Expand", 8, _ => new ExpandOp());
        r.Add("", "Where", 9, _ => new WhereOp());
        r.Add("", "Pad", 2, n => new PadOp(n));

        // ai.onnx.ml
        r.Add(ml, "TreeEnsembleClassifier", 1, n => new TreeEnsembleClassifierOp(n));
        r.Add(ml, "TreeEnsembleRegressor", 1, n => new TreeEnsembleRegressorOp(n));
        r.Add(ml, "LinearClassifier", 1, n => new LinearClassifierOp(n));
        r.Add(ml, "LinearRegressor", 1, n => new LinearRegressorOp(n));
        r.Add(ml, "Scaler", 1, n => new ScalerOp(n));
        r.Add(ml, "Normalizer", 1, n => new NormalizerOp(n));
        r.Add(ml, "Imputer", 1, n => new ImputerOp(n));
        r.Add(ml, "OneHotEncoder", 1, n => new OneHotEncoderOp(n));
        r.Add(ml, "LabelEncoder", 1, n => new LabelEncoderOp(n));
        r.Add(ml, "ArrayFeatureExtractor", 1, _ => new ArrayFeatureExtractorOp());
        r.Add(ml, "Binarizer", 1, n => new BinarizerOp(n));
        r.Add(ml, "ZipMap", 1, n => new ZipMapOp(n));
        return r;
    }
}
