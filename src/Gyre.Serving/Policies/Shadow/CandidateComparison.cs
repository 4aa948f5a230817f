using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Rollouts;
using Gyre.Stats.TwoSample;

namespace Gyre.Serving.Policies.Shadow;

/// <summary>
/// One candidate against the primary: its mirrored requests (errors, latency), agreement counts over paired
/// answers, and the most recent pairs of the chosen metric for a paired t-test. Thread-safe.
/// </summary>
internal sealed class CandidateComparison(string candidate, ShadowOptions options)
{
    private readonly Lock _gate = new();
    private readonly ArmCounters _mirrored = new();
    private readonly double[] _primarySample = new double[options.MaxPairs];
    private readonly double[] _mirrorSample = new double[options.MaxPairs];
    private int _next;
    private int _count;
    private long _pairs;
    private long _comparedRequests;
    private long _agreedRequests;
    private long _comparedRows;
    private long _agreedRows;
    private long _mirrorFailedPairs;
    private long _primaryFailedPairs;
    private long _shapeMismatches;

    public string Candidate { get; } = candidate;

    public long Pairs => Interlocked.Read(ref _pairs);

    public void RecordMirror(in VariantOutcome outcome) => _mirrored.Record(outcome.Succeeded, outcome.Latency);

    public void AddPair(in VariantOutcome primary, in VariantOutcome mirror)
    {
        lock (_gate)
        {
            _pairs++;
            if (!primary.Succeeded)
            {
                _primaryFailedPairs++;
                return;
            }
            if (!mirror.Succeeded)
            {
                _mirrorFailedPairs++;
                return;
            }
            if (options.Metric == ShadowMetric.Latency)
                AddSample(primary.Latency.TotalMilliseconds, mirror.Latency.TotalMilliseconds);
            if (primary.Prediction is not { } primaryRows || mirror.Prediction is not { } mirrorRows) return;
            var p = primaryRows.Span;
            var m = mirrorRows.Span;
            if (p.Length != m.Length)
            {
                // Different row counts mean the answers cannot be lined up: the request disagrees as a whole.
                _shapeMismatches++;
                _comparedRequests++;
                return;
            }
            var allAgree = true;
            for (var row = 0; row < p.Length; row++)
            {
                var agree = Agree(p[row], m[row]);
                if (agree) _agreedRows++;
                else allAgree = false;
                if (options.Metric == ShadowMetric.Prediction && double.IsFinite(p[row]) && double.IsFinite(m[row]))
                    AddSample(p[row], m[row]);
            }
            _comparedRows += p.Length;
            _comparedRequests++;
            if (allAgree) _agreedRequests++;
        }
    }

    public ShadowCandidateReport Report()
    {
        double[] primary, mirror;
        ShadowCandidateReport report;
        lock (_gate)
        {
            primary = new double[_count];
            mirror = new double[_count];
            // Oldest first, so the sample reads in arrival order.
            var start = _count < _primarySample.Length ? 0 : _next;
            for (var i = 0; i < _count; i++)
            {
                var at = (start + i) % _primarySample.Length;
                primary[i] = _primarySample[at];
                mirror[i] = _mirrorSample[at];
            }
            report = new ShadowCandidateReport
            {
                Candidate = Candidate,
                MirroredRequests = _mirrored.Requests,
                MirrorErrors = _mirrored.Errors,
                PairedRequests = _pairs,
                ComparedRequests = _comparedRequests,
                AgreedRequests = _agreedRequests,
                ComparedRows = _comparedRows,
                AgreedRows = _agreedRows,
                MirrorFailedPairs = _mirrorFailedPairs,
                PrimaryFailedPairs = _primaryFailedPairs,
                ShapeMismatches = _shapeMismatches,
                MirrorLatencyP50Ms = _mirrored.Requests == 0 ? null : _mirrored.LatencyQuantileSeconds(0.5) * 1000,
                MirrorLatencyP99Ms = _mirrored.Requests == 0 ? null : _mirrored.LatencyQuantileSeconds(0.99) * 1000,
                TTest = ShadowTTest.Empty(options.Metric),
            };
        }
        return report with { TTest = PairedTTest(mirror, primary) };
    }

    private ShadowTTest PairedTTest(double[] mirror, double[] primary)
    {
        var metric = options.Metric;
        if (mirror.Length < 2) return ShadowTTest.Empty(metric, mirror.Length);
        try
        {
            var result = TTest.Paired(mirror, primary);
            return new ShadowTTest(metric, mirror.Length, result.MeanDifference, result.Statistic, result.PValue, result.DegreesOfFreedom, null);
        }
        catch (GyreException)
        {
            // Every pair differs by the same amount (often 0: the models agree exactly): no t statistic exists.
            var difference = mirror[0] - primary[0];
            return new ShadowTTest(metric, mirror.Length, difference, null, null, null,
                $"all {mirror.Length} paired differences equal {difference:G6}, so the t statistic is undefined");
        }
    }

    private bool Agree(double primary, double mirror)
    {
        var asLabels = options.Compare switch
        {
            ShadowComparison.Label => true,
            ShadowComparison.Score => false,
            _ => double.IsInteger(primary) && double.IsInteger(mirror),
        };
        return asLabels ? primary.Equals(mirror) : Math.Abs(primary - mirror) <= options.Tolerance;
    }

    private void AddSample(double primary, double mirror)
    {
        _primarySample[_next] = primary;
        _mirrorSample[_next] = mirror;
        _next = (_next + 1) % _primarySample.Length;
        if (_count < _primarySample.Length) _count++;
    }
}
