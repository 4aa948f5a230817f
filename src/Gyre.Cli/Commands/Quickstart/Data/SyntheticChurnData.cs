using Gyre.Core.Data;

namespace Gyre.Cli.Commands.Quickstart.Data;

/// <summary>
/// A deterministic synthetic version of the reference churn data (../shared/reference/models/datasets/
/// churn_encoded_*.csv): the same 15 float feature columns in the same order and the 0/1 <c>churn</c>
/// target, with similar ranges and a churn rate near 27 %. Churn follows a logistic model of tenure,
/// charges, support tickets, satisfaction, contract, payment method and payment delays, so a model has
/// something real to learn. The same seed gives the same rows on every machine.
/// </summary>
internal static class SyntheticChurnData
{
    public static readonly string[] FeatureColumns =
    [
        "tenure_months", "monthly_charges", "total_charges", "num_support_tickets", "age", "num_products",
        "avg_monthly_data_gb", "days_since_last_login", "payment_delays_12m", "satisfaction_score", "contract_type_ord",
        "payment_method_electronic_check", "payment_method_mailed_check", "payment_method_bank_transfer", "payment_method_credit_card",
    ];

    public static DataFrame Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var columns = new double[FeatureColumns.Length + 1][];
        for (var c = 0; c < columns.Length; c++) columns[c] = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var contract = Pick(random, [0.55, 0.25, 0.20]);
            // Longer contracts go with longer tenure.
            var tenure = Math.Min(72, Math.Floor(Exponential(random, 16 + 14 * contract)));
            var charges = Math.Round(Math.Clamp(Normal(random, 68, 21), 18.25, 118.75), 2);
            var total = Math.Round(tenure * charges * (0.92 + 0.16 * random.NextDouble()), 2);
            var tickets = Math.Min(8, Poisson(random, 0.92));
            var age = Math.Round(Math.Clamp(Normal(random, 46, 14.5), 18, 85));
            var products = 1 + Math.Min(4, Poisson(random, 1.19));
            var data = Math.Round(Math.Clamp(Math.Exp(Normal(random, 2.15, 0.75)), 0.43, 231.17), 2);
            var lastLogin = Math.Min(87, Math.Floor(Exponential(random, 9)));
            var delays = Math.Min(6, Poisson(random, 0.36));
            var satisfaction = Math.Round(Math.Clamp(Normal(random, 6.6 - 0.45 * tickets, 1.8), 1, 10));
            var payment = Pick(random, [0.343, 0.220, 0.224, 0.213]);

            var logit = -0.9 - 0.07 * tenure + 0.035 * (charges - 68) + 0.5 * tickets - 0.5 * (satisfaction - 6.4)
                        - 1.2 * contract + 0.8 * (payment == 0 ? 1 : 0) + 0.6 * delays + 0.035 * (lastLogin - 9)
                        - 0.15 * (products - 2.2) + 0.006 * (age - 46);
            var churn = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1.0 : 0.0;

            double[] row = [tenure, charges, total, tickets, age, products, data, lastLogin, delays, satisfaction, contract,
                payment == 0 ? 1 : 0, payment == 1 ? 1 : 0, payment == 2 ? 1 : 0, payment == 3 ? 1 : 0, churn];
            for (var c = 0; c < row.Length; c++) columns[c][r] = row[c];
        }
        return new DataFrame(FeatureColumns.Append(QuickstartContext.Target).Select((name, c) => (Column)new DoubleColumn(name, columns[c])));
    }

    private static int Pick(Random random, double[] probabilities)
    {
        var u = random.NextDouble();
        for (var i = 0; i < probabilities.Length - 1; i++)
        {
            if (u < probabilities[i]) return i;
            u -= probabilities[i];
        }
        return probabilities.Length - 1;
    }

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    private static double Normal(Random random, double mean, double sd)
    {
        // Box-Muller; 1 - u keeps the logarithm's argument above zero.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Poisson(Random random, double lambda)
    {
        // Knuth's method: fine for the small rates used here.
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }
        return k;
    }
}
