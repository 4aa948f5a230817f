using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Policies.Shadow;
using static Gyre.Serving.Tests.Policies.PolicySpecs;

namespace Gyre.Serving.Tests.Policies;

public class ShadowPolicyTests
{
    private static readonly string[] Variants = ["champion", "challenger"];

    private static ShadowPolicy Create(string settings = "{}", ManualTimeProvider? clock = null) =>
        ShadowPolicy.Create(Of("shadow", settings), Variants, clock ?? new ManualTimeProvider(Start));

    [Fact]
    public void ThePrimaryAnswersEveryRequestAndTheCandidatesAreMirrored()
    {
        var shadow = Create();
        for (var i = 0; i < 500; i++)
        {
            var decision = shadow.Route(new RouteContext($"r{i}", StickyKey: $"user{i}", VariantOverride: null));
            Assert.Equal("champion", decision.Primary);
            Assert.Equal(["challenger"], decision.Mirrors);
        }
        Assert.Equal(1.0, shadow.Shares["champion"]);
        Assert.Equal(0.0, shadow.Shares["challenger"]);
    }

    [Fact]
    public void AForcedVariantAnswersAloneAndIsNotCompared()
    {
        var shadow = Create();
        var decision = shadow.Route(new RouteContext("r1", null, "challenger"));
        Assert.Equal("challenger", decision.Primary);
        Assert.Empty(decision.Mirrors);
        Assert.Equal(0, shadow.Pending);
    }

    [Fact]
    public void OutcomesArePairedByRequestIdInEitherOrderAndAgreementIsCounted()
    {
        var shadow = Create();
        for (var i = 0; i < 200; i++)
        {
            var id = $"r{i}";
            shadow.Route(new RouteContext(id, null, null));
            // 3 rows per request; the challenger disagrees on the last row of every 4th request.
            double[] primary = [0, 1, 1];
            double[] mirror = i % 4 == 0 ? [0, 1, 0] : [0, 1, 1];
            if (i % 2 == 0)
            {
                shadow.RecordOutcome(Served(id, "champion", prediction: primary));
                shadow.RecordOutcome(Mirror(id, "challenger", prediction: mirror));
            }
            else
            {
                shadow.RecordOutcome(Mirror(id, "challenger", prediction: mirror));
                shadow.RecordOutcome(Served(id, "champion", prediction: primary));
            }
        }

        var report = Assert.Single(shadow.Reports());
        Assert.Equal(200, report.PairedRequests);
        Assert.Equal(600, report.ComparedRows);
        Assert.Equal(1 - 50.0 / 600, report.AgreementRate!.Value, 12);
        Assert.Equal(0.75, report.RequestAgreementRate!.Value, 12);
        Assert.Equal(0, shadow.Pending); // every wait ended once both answers arrived
    }

    [Fact]
    public void ScoresAgreeWithinTheToleranceAndThePairedTTestSeesAShift()
    {
        var shadow = Create("""{"compare": "score", "tolerance": 0.05}""");
        var random = new Random(7);
        for (var i = 0; i < 400; i++)
        {
            var id = $"r{i}";
            shadow.Route(new RouteContext(id, null, null));
            var score = random.NextDouble();
            // The challenger scores 0.03 higher on average, with noise: inside the tolerance mostly, but biased.
            var challenger = score + 0.03 + (random.NextDouble() - 0.5) * 0.02;
            shadow.RecordOutcome(Served(id, "champion", prediction: score));
            shadow.RecordOutcome(Mirror(id, "challenger", prediction: challenger));
        }

        var report = Assert.Single(shadow.Reports());
        Assert.Equal(1.0, report.AgreementRate); // |diff| <= 0.04 < 0.05 on every row
        Assert.Equal(ShadowMetric.Prediction, report.TTest.Metric);
        Assert.Equal(400, report.TTest.Samples);
        Assert.InRange(report.TTest.MeanDifference!.Value, 0.029, 0.031);
        Assert.True(report.TTest.PValue < 1e-6, $"p = {report.TTest.PValue}");
        Assert.True(report.TTest.Statistic > 0);
    }

    [Fact]
    public void IdenticalModelsAgreeFullyAndTheUndefinedTTestSaysWhyInsteadOfNaN()
    {
        var shadow = Create();
        for (var i = 0; i < 50; i++)
        {
            shadow.Route(new RouteContext($"r{i}", null, null));
            shadow.RecordOutcome(Served($"r{i}", "champion", prediction: 0.25 * (i % 4)));
            shadow.RecordOutcome(Mirror($"r{i}", "challenger", prediction: 0.25 * (i % 4)));
        }
        var report = Assert.Single(shadow.Reports());
        Assert.Equal(1.0, report.AgreementRate);
        Assert.Null(report.TTest.PValue);
        Assert.Null(report.TTest.Statistic);
        Assert.Equal(0.0, report.TTest.MeanDifference);
        Assert.Contains("undefined", report.TTest.Note);
    }

    [Fact]
    public void MirrorErrorsAndLatencyAreReportedAndFailedPairsAreNotCompared()
    {
        var shadow = Create("""{"metric": "latency"}""");
        for (var i = 0; i < 100; i++)
        {
            var id = $"r{i}";
            shadow.Route(new RouteContext(id, null, null));
            shadow.RecordOutcome(Served(id, "champion", latencyMs: 2 + i % 3, prediction: 1));
            shadow.RecordOutcome(Mirror(id, "challenger", latencyMs: 40 + i % 5, ok: i % 10 != 0, prediction: 1));
        }
        var report = Assert.Single(shadow.Reports());
        Assert.Equal(100, report.MirroredRequests);
        Assert.Equal(10, report.MirrorErrors);
        Assert.Equal(0.1, report.MirrorErrorRate);
        Assert.Equal(10, report.MirrorFailedPairs);
        Assert.Equal(90, report.ComparedRequests);
        Assert.InRange(report.MirrorLatencyP99Ms!.Value, 25, 100); // a histogram bucket around 40-44 ms
        Assert.Equal(ShadowMetric.Latency, report.TTest.Metric);
        Assert.Equal(90, report.TTest.Samples);
        Assert.InRange(report.TTest.MeanDifference!.Value, 38, 42);
        Assert.True(report.TTest.PValue < 1e-10);

        var status = shadow.Status();
        Assert.Equal("latency_ms", Get<string>(status, "candidates", "challenger", "paired_t_test", "metric"));
        Assert.Equal(0.1, Get<double?>(status, "candidates", "challenger", "mirror_error_rate"));
    }

    [Fact]
    public void ConcurrentRequestsAreAllPairedAndNoneIsDropped()
    {
        var shadow = Create();
        Parallel.For(0, 8, thread =>
        {
            for (var i = 0; i < 5000; i++)
            {
                var id = $"t{thread}-{i}";
                shadow.Route(new RouteContext(id, null, null));
                shadow.RecordOutcome(Served(id, "champion", prediction: i % 2));
                shadow.RecordOutcome(Mirror(id, "challenger", prediction: i % 2));
            }
        });
        var report = Assert.Single(shadow.Reports());
        Assert.Equal(40_000, report.PairedRequests);
        Assert.Equal(1.0, report.AgreementRate);
        Assert.Equal(0L, Get<long>(shadow.Status(), "unpaired_dropped"));
    }

    [Fact]
    public void WaitingRequestsAreBoundedByCountAndAge()
    {
        var clock = new ManualTimeProvider(Start);
        var shadow = Create("""{"max_pending": 100, "pending_timeout_seconds": 5}""", clock);
        for (var i = 0; i < 1000; i++) shadow.Route(new RouteContext($"r{i}", null, null)); // no answers ever arrive
        Assert.InRange(shadow.Pending, 1, 100);
        Assert.Equal(900L, Get<long>(shadow.Status(), "unpaired_dropped"));

        clock.Advance(TimeSpan.FromSeconds(6));
        shadow.Evaluate(clock.GetUtcNow());
        Assert.Equal(0, shadow.Pending);
        Assert.Equal(1000L, Get<long>(shadow.Status(), "unpaired_dropped"));
    }

    [Fact]
    public void ReportsAreEmittedPeriodicallyWhileNewPairsArriveWithEvidence()
    {
        var clock = new ManualTimeProvider(Start);
        var shadow = Create("""{"report_interval_seconds": 60}""", clock);
        void Serve(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                shadow.Route(new RouteContext($"r{i}", null, null));
                shadow.RecordOutcome(Served($"r{i}", "champion", prediction: i % 2));
                shadow.RecordOutcome(Mirror($"r{i}", "challenger", prediction: i % 3 == 0 ? 1 - i % 2 : i % 2));
            }
        }

        Serve(0, 30);
        Assert.Empty(shadow.Evaluate(clock.GetUtcNow())); // the interval has not passed
        clock.Advance(TimeSpan.FromSeconds(61));
        var report = Assert.Single(shadow.Evaluate(clock.GetUtcNow()));
        Assert.Equal("shadow_report", report.Kind);
        Assert.Equal(30, report.Evidence["paired_requests"]);
        Assert.Equal(20.0 / 30, report.Evidence["agreement_rate"], 12);
        Assert.True(report.Evidence.ContainsKey("p_value"));
        Assert.Contains("challenger", report.Reason);
        Assert.Equal(1.0, report.SharesAfter["champion"]);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Empty(shadow.Evaluate(clock.GetUtcNow())); // nothing new to report
        Serve(30, 40);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(40, Assert.Single(shadow.Evaluate(clock.GetUtcNow())).Evidence["paired_requests"]);
    }

    [Fact]
    public void AMirrorFractionMirrorsAboutThatShareOfRequests()
    {
        var shadow = Create("""{"mirror_fraction": 0.25, "seed": 3}""");
        const int requests = 20_000;
        var mirrored = Enumerable.Range(0, requests).Count(i => shadow.Route(new RouteContext($"r{i}", null, null)).Mirrors.Count > 0);
        // Binomial(20000, 0.25): sd = 61; 5 sd either side.
        Assert.InRange(mirrored, 5000 - 306, 5000 + 306);
    }

    [Fact]
    public void SeveralCandidatesAreComparedSeparately()
    {
        var shadow = ShadowPolicy.Create(Of("shadow", """{"primary": "b"}"""), ["a", "b", "c"], new ManualTimeProvider(Start));
        var decision = shadow.Route(new RouteContext("r1", null, null));
        Assert.Equal("b", decision.Primary);
        Assert.Equal(["a", "c"], decision.Mirrors);
        shadow.RecordOutcome(Mirror("r1", "c", prediction: 0));
        shadow.RecordOutcome(Served("r1", "b", prediction: 1));
        Assert.Equal(1, shadow.Pending); // still waiting for a
        shadow.RecordOutcome(Mirror("r1", "a", prediction: 1));
        Assert.Equal(0, shadow.Pending);
        var reports = shadow.Reports().ToDictionary(r => r.Candidate);
        Assert.Equal(1.0, reports["a"].AgreementRate);
        Assert.Equal(0.0, reports["c"].AgreementRate);
    }

    [Theory]
    [InlineData("""{"tolerence": 0.1}""", "Unknown setting 'tolerence'")]
    [InlineData("""{"primary": "nope"}""", "names variant 'nope'")]
    [InlineData("""{"candidates": ["champion"]}""", "cannot also be a candidate")]
    [InlineData("""{"mirror_fraction": 2}""", "'mirror_fraction' is 2")]
    [InlineData("""{"compare": "fuzzy"}""", "expected one of: auto, label, score")]
    [InlineData("""[1]""", "must be a JSON object")]
    public void BadSettingsAreRejectedWithAClearMessage(string settings, string message)
    {
        var error = Assert.Throws<GyreException>(() => Create(settings));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, error.Code);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void AShadowNeedsACandidate()
    {
        var error = Assert.Throws<GyreException>(() => ShadowPolicy.Create(Of("shadow"), ["only"], TimeProvider.System));
        Assert.Contains("at least one candidate", error.Message);
    }
}
