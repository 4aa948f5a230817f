using Gyre.Core.Data;

namespace Gyre.Cli.Commands.Quickstart.Data;

/// <summary>
/// The distribution shift the quickstart simulates: a wave of new customers on a pricier plan. Tenure drops
/// to 40 %, monthly charges rise by 25 % plus 12, total charges follow. The changes are monotone, so the
/// relation between features and churn survives and a model retrained on the shifted data can learn it again.
/// </summary>
internal static class ChurnShift
{
    public static readonly string[] ShiftedColumns = ["tenure_months", "monthly_charges", "total_charges"];

    public static DataFrame Apply(DataFrame frame)
    {
        var tenure = ((DoubleColumn)frame["tenure_months"]).Values;
        var charges = ((DoubleColumn)frame["monthly_charges"]).Values;
        var total = ((DoubleColumn)frame["total_charges"]).Values;
        var newTenure = new double[tenure.Length];
        var newCharges = new double[tenure.Length];
        var newTotal = new double[tenure.Length];
        for (var r = 0; r < tenure.Length; r++)
        {
            newTenure[r] = Math.Floor(tenure[r] * 0.4);
            newCharges[r] = Math.Round(charges[r] * 1.25 + 12, 2);
            // Keep each customer's ratio of total to tenure x monthly; NaN (missing) stays missing.
            var ratio = tenure[r] * charges[r] > 0 ? total[r] / (tenure[r] * charges[r]) : 1;
            newTotal[r] = Math.Round(newTenure[r] * newCharges[r] * ratio, 2);
        }
        return new DataFrame(frame.Columns.Select(c => c.Name switch
        {
            "tenure_months" => new DoubleColumn(c.Name, newTenure),
            "monthly_charges" => new DoubleColumn(c.Name, newCharges),
            "total_charges" => new DoubleColumn(c.Name, newTotal),
            _ => c,
        }));
    }
}
