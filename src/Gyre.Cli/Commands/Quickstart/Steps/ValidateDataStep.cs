using System.Globalization;
using Gyre.Monitoring.Validation;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Step 2: checks the training data against an expectation suite (Gyre.Monitoring's validation) and prints
/// the results. The suite is written next to the run's files so that <c>gyre validate</c> can re-run it.
/// </summary>
internal sealed class ValidateDataStep : IQuickstartStep
{
    /// <summary>What a churn training extract must look like before anyone trains on it.</summary>
    public const string Suite = """
        suite: churn-training-data
        description: Expectations for the encoded churn extract the quickstart trains on
        table:
          - row_count_between: {min: 1000}
          - schema:
              columns:
                tenure_months: number
                monthly_charges: number
                total_charges: number
                num_support_tickets: integer
                age: integer
                contract_type_ord: integer
                satisfaction_score: integer
                churn: integer
        columns:
          tenure_months: [not_null, {between: {min: 0, max: 120}}]
          monthly_charges: [not_null, {between: {min: 0, max: 500}}]
          total_charges: [not_null, {between: {min: 0}}]
          age: [{between: {min: 18, max: 110}}]
          satisfaction_score: [{between: {min: 1, max: 10}}]
          contract_type_ord: [{in_set: [0, 1, 2]}]
          payment_method_electronic_check: [{in_set: [0, 1]}]
          churn:
            - not_null
            - in_set: [0, 1]
            - mean_between: {min: 0.05, max: 0.6}
        """;

    public string Title => "Validate the data";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var suitePath = Path.Combine(context.WorkDirectory, "churn-suite.yaml");
        await File.WriteAllTextAsync(suitePath, Suite, cancellationToken);
        var suite = SuiteParser.Parse(Suite, "churn-suite.yaml");
        var report = suite.Run(context.Train!, dataSource: "training data");

        var table = new Table().Border(TableBorder.Rounded).AddColumns("expectation", "column", "result", "details");
        foreach (var result in report.Results)
        {
            var details = result.UnexpectedCount is { } n && n > 0
                ? $"{n} unexpected ({(result.UnexpectedPercent ?? 0).ToString("0.##", CultureInfo.InvariantCulture)}%)"
                : result.Message;
            table.AddRow(Markup.Escape(result.Expectation), Markup.Escape(result.Column ?? "(table)"),
                result.Success ? "[green]pass[/]" : "[red]FAIL[/]", Markup.Escape(details));
        }
        context.Console.Write(table);
        context.Console.MarkupLine($"  suite saved to {Markup.Escape(suitePath)} (re-run: [grey]gyre validate <data.csv> --suite {Markup.Escape(suitePath)}[/])");
        return report.Success
            ? StepResult.Pass($"suite '{report.SuiteName}': {report.Passed} of {report.Evaluated} expectations passed on {report.RowCount:N0} rows")
            : StepResult.Fail($"suite '{report.SuiteName}': {report.Failed} of {report.Evaluated} expectations failed");
    }
}
