using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gyre.Learn.Trees;

/// <summary>
/// Grows one tree depth-wise on binned data with gradient histograms (XGBoost's <c>hist</c> method):
/// the histogram of the smaller child is built from its rows, the larger one is parent minus smaller.
/// Histogram building runs in parallel over features when a node has enough rows to pay for it.
/// </summary>
internal sealed class TreeGrower
{
    private const int BinsPerFeature = 256; // 255 value bins + the missing bin
    private const int ParallelThreshold = 4096;

    private readonly byte[] _bins;
    private readonly int _featureCount;
    private readonly FeatureBinning _binning;
    private readonly GbdtOptions _options;
    private readonly int _threads;
    private readonly Stack<double[]> _histogramPool = new();

    public TreeGrower(byte[] bins, FeatureBinning binning, GbdtOptions options)
    {
        _bins = bins;
        _binning = binning;
        _featureCount = binning.FeatureCount;
        _options = options;
        _threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
    }

    private sealed class Node
    {
        public int Id;
        public int Begin;
        public int End;
        public int Depth;
        public double G;
        public double H;
        public double[]? Histogram;
    }

    private readonly record struct Split(double Gain, int Feature, int Bin, bool DefaultLeft, double LeftG, double LeftH);

    /// <summary>
    /// Grows a tree over <paramref name="rows"/> (the sampled row indices; reordered in place) using
    /// <paramref name="features"/> (the tree's feature sample).
    /// </summary>
    public GbdtTree Grow(int group, float[] grad, float[] hess, int[] rows, int[] features, Random random)
    {
        var left = new List<int>();
        var right = new List<int>();
        var feature = new List<int>();
        var threshold = new List<float>();
        var defaultLeft = new List<bool>();
        var leafValue = new List<float>();
        var gain = new List<float>();
        var cover = new List<float>();
        var baseWeight = new List<float>();
        var splitBin = new List<int>();
        int AddNode()
        {
            left.Add(-1); right.Add(-1); feature.Add(0); threshold.Add(0f); defaultLeft.Add(false);
            leafValue.Add(0f); gain.Add(0f); cover.Add(0f); splitBin.Add(0); baseWeight.Add(0f);
            return left.Count - 1;
        }

        var root = new Node { Id = AddNode(), Begin = 0, End = rows.Length, Depth = 0 };
        root.Histogram = RentHistogram();
        BuildHistogram(root.Histogram, rows, 0, rows.Length, grad, hess, features);
        for (int i = 0; i < rows.Length; i++)
        {
            root.G += grad[rows[i]];
            root.H += hess[rows[i]];
        }

        var level = new List<Node> { root };
        while (level.Count > 0)
        {
            var next = new List<Node>();
            int[] levelFeatures = SampleLevel(features, random);
            foreach (var node in level)
            {
                cover[node.Id] = (float)node.H;
                baseWeight[node.Id] = (float)LeafWeight(node.G, node.H);
                Split best = node.Depth < _options.MaxDepth
                    ? FindSplit(node, levelFeatures)
                    : default;
                if (best.Gain <= 0)
                {
                    leafValue[node.Id] = (float)(LeafWeight(node.G, node.H) * _options.LearningRate);
                    if (node.Histogram is not null) ReturnHistogram(node.Histogram);
                    continue;
                }

                int mid = Partition(rows, node.Begin, node.End, best);
                var l = new Node { Id = AddNode(), Begin = node.Begin, End = mid, Depth = node.Depth + 1, G = best.LeftG, H = best.LeftH };
                var r = new Node { Id = AddNode(), Begin = mid, End = node.End, Depth = node.Depth + 1, G = node.G - best.LeftG, H = node.H - best.LeftH };
                left[node.Id] = l.Id;
                right[node.Id] = r.Id;
                feature[node.Id] = best.Feature;
                splitBin[node.Id] = best.Bin;
                threshold[node.Id] = _binning.Cuts[best.Feature][best.Bin];
                defaultLeft[node.Id] = best.DefaultLeft;
                gain[node.Id] = (float)best.Gain;

                // Children that can never split again need no histogram.
                if (l.Depth < _options.MaxDepth)
                {
                    var (small, large) = l.End - l.Begin <= r.End - r.Begin ? (l, r) : (r, l);
                    small.Histogram = RentHistogram();
                    BuildHistogram(small.Histogram, rows, small.Begin, small.End - small.Begin, grad, hess, features);
                    large.Histogram = node.Histogram;
                    Subtract(large.Histogram!, small.Histogram, features);
                }
                else
                {
                    ReturnHistogram(node.Histogram!);
                }
                node.Histogram = null;
                next.Add(l);
                next.Add(r);
            }
            level = next;
        }

        return new GbdtTree
        {
            Group = group,
            Left = [.. left], Right = [.. right], Feature = [.. feature], Threshold = [.. threshold],
            DefaultLeft = [.. defaultLeft], LeafValue = [.. leafValue], Gain = [.. gain], Cover = [.. cover], BaseWeight = [.. baseWeight],
            SplitBin = [.. splitBin],
        };
    }

    private int[] SampleLevel(int[] features, Random random)
    {
        if (_options.ColsampleByLevel >= 1) return features;
        int count = Math.Max(1, (int)Math.Round(features.Length * _options.ColsampleByLevel));
        var copy = (int[])features.Clone();
        random.Shuffle(copy);
        return copy[..count];
    }

    private double ThresholdL1(double g)
    {
        double alpha = _options.Alpha;
        if (g > alpha) return g - alpha;
        if (g < -alpha) return g + alpha;
        return 0;
    }

    private double LeafWeight(double g, double h) => -ThresholdL1(g) / (h + _options.Lambda);

    private double Score(double g, double h)
    {
        double t = ThresholdL1(g);
        return t * t / (h + _options.Lambda);
    }

    private Split FindSplit(Node node, int[] features)
    {
        var hist = node.Histogram!;
        double parent = Score(node.G, node.H);
        double minChild = _options.MinChildWeight;
        Split best = default;
        double bestGain = Math.Max(_options.Gamma, 1e-6);
        foreach (int f in features)
        {
            int nb = _binning.BinCount(f);
            int baseIndex = f * BinsPerFeature * 2;
            double missG = hist[baseIndex + FeatureBinning.MissingBin * 2];
            double missH = hist[baseIndex + FeatureBinning.MissingBin * 2 + 1];
            bool hasMissing = missH > 0;
            double accG = 0, accH = 0;
            for (int b = 0; b < nb - 1; b++)
            {
                accG += hist[baseIndex + b * 2];
                accH += hist[baseIndex + b * 2 + 1];
                // Missing values to the right.
                double lg = accG, lh = accH, rg = node.G - lg, rh = node.H - lh;
                if (lh >= minChild && rh >= minChild)
                {
                    double g = Score(lg, lh) + Score(rg, rh) - parent;
                    if (g > bestGain)
                    {
                        bestGain = g;
                        best = new Split(g, f, b, !hasMissing, lg, lh);
                    }
                }
                if (!hasMissing) continue;
                // Missing values to the left.
                lg = accG + missG; lh = accH + missH; rg = node.G - lg; rh = node.H - lh;
                if (lh >= minChild && rh >= minChild)
                {
                    double g = Score(lg, lh) + Score(rg, rh) - parent;
                    if (g > bestGain)
                    {
                        bestGain = g;
                        best = new Split(g, f, b, true, lg, lh);
                    }
                }
            }
        }
        return best;
    }

    private int Partition(int[] rows, int begin, int end, Split split)
    {
        int f = split.Feature, bin = split.Bin, features = _featureCount;
        bool defaultLeft = split.DefaultLeft;
        int i = begin, j = end - 1;
        while (i <= j)
        {
            byte b = _bins[rows[i] * features + f];
            bool goLeft = b == FeatureBinning.MissingBin ? defaultLeft : b <= bin;
            if (goLeft) i++;
            else
            {
                (rows[i], rows[j]) = (rows[j], rows[i]);
                j--;
            }
        }
        return i;
    }

    private void BuildHistogram(double[] hist, int[] rows, int begin, int length, float[] grad, float[] hess, int[] features)
    {
        int chunks = length >= ParallelThreshold ? Math.Min(_threads, features.Length) : 1;
        if (chunks <= 1)
        {
            BuildRange(hist, rows.AsSpan(begin, length), grad, hess, features, 0, features.Length);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            int from = c * features.Length / chunks, to = (c + 1) * features.Length / chunks;
            BuildRange(hist, rows.AsSpan(begin, length), grad, hess, features, from, to);
        });
    }

    private void BuildRange(double[] hist, ReadOnlySpan<int> rows, float[] grad, float[] hess, int[] features, int from, int to)
    {
        int featureCount = _featureCount;
        foreach (int f in features.AsSpan(from, to - from))
            Array.Clear(hist, f * BinsPerFeature * 2, BinsPerFeature * 2);
        ref double h0 = ref MemoryMarshal.GetArrayDataReference(hist);
        ref byte bins = ref MemoryMarshal.GetArrayDataReference(_bins);
        ref float g = ref MemoryMarshal.GetArrayDataReference(grad);
        ref float h = ref MemoryMarshal.GetArrayDataReference(hess);
        var featureSpan = features.AsSpan(from, to - from);
        foreach (int row in rows)
        {
            double gr = Unsafe.Add(ref g, row), hr = Unsafe.Add(ref h, row);
            int rowBase = row * featureCount;
            foreach (int f in featureSpan)
            {
                int index = (f * BinsPerFeature + Unsafe.Add(ref bins, rowBase + f)) * 2;
                Unsafe.Add(ref h0, index) += gr;
                Unsafe.Add(ref h0, index + 1) += hr;
            }
        }
    }

    private static void Subtract(double[] parentBecomesLarge, double[] small, int[] features)
    {
        foreach (int f in features)
        {
            var p = parentBecomesLarge.AsSpan(f * BinsPerFeature * 2, BinsPerFeature * 2);
            var s = small.AsSpan(f * BinsPerFeature * 2, BinsPerFeature * 2);
            System.Numerics.Tensors.TensorPrimitives.Subtract(p, s, p);
        }
    }

    private double[] RentHistogram() =>
        _histogramPool.Count > 0 ? _histogramPool.Pop() : new double[_featureCount * BinsPerFeature * 2];

    private void ReturnHistogram(double[] histogram) => _histogramPool.Push(histogram);
}
