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
        r.Add("", "Sin", 7, _ => new SinOp());
        r.Add("", "Cos", 7, _ => new CosOp());
        r.Add("", "Tan", 7, _ => new TanOp());
        r.Add("", "Asin", 7, _ => new AsinOp());
        r.Add("", "Acos", 7, _ => new AcosOp());
        r.Add("", "Atan", 7, _ => new AtanOp());
        r.Add("", "Sinh", 9, _ => new SinhOp());
        r.Add("", "Cosh", 9, _ => new CoshOp());
        r.Add("", "Asinh", 9, _ => new AsinhOp());
        r.Add("", "Acosh", 9, _ => new AcoshOp());
        r.Add("", "Atanh", 9, _ => new AtanhOp());
        r.Add("", "Round", 11, _ => new RoundOp());
        r.Add("", "Sign", 9, _ => new SignOp());
        r.Add("", "Max", 8, _ => new MaxOp());
        r.Add("", "Min", 8, _ => new MinOp());
        r.Add("", "Sum", 8, _ => new SumOp());
        r.Add("", "Mean", 8, _ => new MeanOp());
        r.Add("", "MatMul", 1, _ => new MatMulOp());
        r.Add("", "Gemm", 7, n => new GemmOp(n));
        r.Add("", "ReduceSum", 1, n => new ReduceSumOp(n));
        r.Add("", "ReduceMean", 1, n => new ReduceMeanOp(n));
        r.Add("", "ReduceMax", 1, n => new ReduceMaxOp(n));
        r.Add("", "ReduceMin", 1, n => new ReduceMinOp(n));
        r.Add("", "ReduceProd", 1, n => new ReduceProdOp(n));
        r.Add("", "ReduceSumSquare", 1, n => new ReduceSumSquareOp(n));
        r.Add("", "ReduceL1", 1, n => new ReduceL1Op(n));
        r.Add("", "ReduceL2", 1, n => new ReduceL2Op(n));
        r.Add("", "ReduceLogSumExp", 1, n => new ReduceLogSumExpOp(n));
        r.Add("", "ArgMax", 1, n => new ArgMaxOp(n));
        r.Add("", "ArgMin", 1, n => new ArgMinOp(n));
        r.Add("", "Equal", 7, _ => new EqualOp());
        r.Add("", "Less", 7, _ => new LessOp());
        r.Add("", "Greater", 7, _ => new GreaterOp());
        r.Add("", "LessOrEqual", 12, _ => new LessOrEqualOp());
        r.Add("", "GreaterOrEqual", 12, _ => new GreaterOrEqualOp());
        r.Add("", "Not", 1, _ => new NotOp());
        r.Add("", "And", 7, _ => new AndOp());
        r.Add("", "Or", 7, _ => new OrOp());
        r.Add("", "Xor", 7, _ => new XorOp());

        // Nn: activations
        r.Add("", "Relu", 6, _ => new ReluOp());
        r.Add("", "LeakyRelu", 6, n => new LeakyReluOp(n));
        r.Add("", "Sigmoid", 6, _ => new SigmoidOp());
        r.Add("", "Tanh", 6, _ => new TanhOp());
        r.Add("", "Softplus", 1, _ => new SoftplusOp());
        r.Add("", "Softsign", 1, _ => new SoftsignOp());
        r.Add("", "Elu", 6, n => new EluOp(n));
        r.Add("", "Selu", 6, n => new SeluOp(n));
        r.Add("", "HardSigmoid", 6, n => new HardSigmoidOp(n));
        r.Add("", "HardSwish", 14, _ => new HardSwishOp());
        r.Add("", "Softmax", 1, n => new SoftmaxOp(n));
        r.Add("", "LogSoftmax", 1, n => new LogSoftmaxOp(n));

        // Nn: layers
        r.Add("", "Conv", 1, n => new ConvOp(n));
        r.Add("", "MaxPool", 1, n => new MaxPoolOp(n));
        r.Add("", "AveragePool", 1, n => new AveragePoolOp(n));
        r.Add("", "GlobalAveragePool", 1, _ => new GlobalAveragePoolOp());
        r.Add("", "GlobalMaxPool", 1, _ => new GlobalMaxPoolOp());
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
