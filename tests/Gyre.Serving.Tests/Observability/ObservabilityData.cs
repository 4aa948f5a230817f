using System.Globalization;
using System.Text;
using Gyre.Core.Data;
using Gyre.Models.Abstractions;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Tests.Observability;

/// <summary>Seeded data for the monitoring tests: normal features, reference CSVs and scored requests.</summary>
internal static class ObservabilityData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static double[] Normal(Random random, int count, double mean = 0, double sd = 1)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return values;
    }

    /// <summary>A reference CSV with numeric features x and y (standard normal) and a plan category.</summary>
    public static string WriteReferenceCsv(string folder, int rows = 5000, int seed = 1)
    {
        var random = new Random(seed);
        var x = Normal(random, rows);
        var y = Normal(random, rows);
        var text = new StringBuilder("x,y,plan\n");
        for (var i = 0; i < rows; i++)
            text.Append(CultureInfo.InvariantCulture, $"{x[i]:R},{y[i]:R},{(i % 3 == 0 ? "pro" : "basic")}\n");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "reference.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>One single-row request with x drawn around <paramref name="xMean"/> and y standard normal.</summary>
    public static ScoredRequest Request(Random random, string deployment, int i, double xMean, DateTimeOffset time, int status = 200, double label = 1)
    {
        var frame = new DataFrame([
            new DoubleColumn("x", Normal(random, 1, xMean)),
            new DoubleColumn("y", Normal(random, 1)),
            new StringColumn("plan", [i % 3 == 0 ? "pro" : "basic"]),
        ]);
        var outputs = new Dictionary<string, Tensor> { ["label"] = Tensor.FromInt64([(long)label], 1) };
        return new ScoredRequest(deployment, "blue", "3", $"req-{i}", false, status, TimeSpan.FromMilliseconds(2), frame, outputs, time);
    }
}
