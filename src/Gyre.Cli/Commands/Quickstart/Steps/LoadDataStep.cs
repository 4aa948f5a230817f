using Gyre.Cli.Commands.Quickstart.Data;
using Gyre.Core.Data;
using Gyre.Core.Testing;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Step 1: the reference churn data (shared/reference/models/datasets/churn_encoded_{train,test}.csv)
/// when it is beside the repository, else (or with --generate-data) a synthetic churn data set with the
/// same columns. The training file is split 80/20 into train and validation; the test file is the holdout.
/// </summary>
internal sealed class LoadDataStep : IQuickstartStep
{
    private const string TrainFile = "churn_encoded_train.csv";
    private const string TestFile = "churn_encoded_test.csv";

    public string Title => "Load the churn data";

    public Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        DataFrame train, holdout;
        string? referenceFolder = settings.GenerateData ? null : FindReferenceFolder();
        if (referenceFolder is not null)
        {
            context.TrainPath = Path.Combine(referenceFolder, TrainFile);
            train = CsvTable.Read(context.TrainPath);
            holdout = CsvTable.Read(Path.Combine(referenceFolder, TestFile));
            context.DataSource = $"reference churn data from {referenceFolder}";
        }
        else
        {
            train = SyntheticChurnData.Generate(settings.GeneratedTrainRows, seed: 20240601);
            holdout = SyntheticChurnData.Generate(settings.GeneratedHoldoutRows, seed: 20240602);
            var folder = Path.Combine(context.WorkDirectory, "data");
            Directory.CreateDirectory(folder);
            context.TrainPath = Path.Combine(folder, TrainFile);
            CsvTable.Write(train, context.TrainPath);
            CsvTable.Write(holdout, Path.Combine(folder, TestFile));
            context.DataSource = settings.GenerateData
                ? $"synthetic churn data (--generate-data), written to {folder}"
                : $"synthetic churn data (the reference data was not found), written to {folder}";
        }
        var validationRows = train.RowCount / 5;
        context.Train = train.Slice(0, train.RowCount - validationRows);
        context.Validation = train.Slice(train.RowCount - validationRows, validationRows);
        context.Holdout = holdout;

        var churnRate = ((DoubleColumn)train[QuickstartContext.Target]).Values.Average();
        context.Console.MarkupLine($"  {Markup.Escape(context.DataSource)}");
        context.Console.MarkupLine($"  {context.Train.RowCount:N0} training rows, {validationRows:N0} validation rows, {holdout.RowCount:N0} holdout rows; " +
                                   $"{train.Columns.Count - 1} features; churn rate {churnRate:P1}");
        var expected = SyntheticChurnData.FeatureColumns.Append(QuickstartContext.Target).ToArray();
        var missing = expected.Where(c => !train.Contains(c) || !holdout.Contains(c)).ToArray();
        if (missing.Length > 0) return Task.FromResult(StepResult.Fail($"the data lacks the columns {string.Join(", ", missing)}"));
        return Task.FromResult(churnRate is > 0.05 and < 0.95 && context.Train.RowCount >= 1000
            ? StepResult.Pass($"{train.RowCount + holdout.RowCount:N0} rows loaded ({(referenceFolder is null ? "synthetic" : "reference")})")
            : StepResult.Fail($"the data is too small or one-sided ({train.RowCount} rows, churn rate {churnRate:P1})"));
    }

    /// <summary>The reference datasets folder: via the shared folder beside the repository or GYRE_SHARED_DIR, else a relative search from the working directory.</summary>
    private static string? FindReferenceFolder()
    {
        string[] parts = ["reference", "models", "datasets"];
        try
        {
            var folder = SharedData.PathOf(parts);
            if (File.Exists(Path.Combine(folder, TrainFile)) && File.Exists(Path.Combine(folder, TestFile))) return folder;
        }
        catch (Exception e) when (e is DirectoryNotFoundException || e.InnerException is DirectoryNotFoundException)
        {
            // No shared folder beside the binaries (SharedData's static initializer throws, wrapped in a
            // TypeInitializationException): look around the working directory instead.
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            foreach (var shared in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
            {
                var folder = Path.GetFullPath(Path.Combine([shared, .. parts]));
                if (File.Exists(Path.Combine(folder, TrainFile)) && File.Exists(Path.Combine(folder, TestFile))) return folder;
            }
        }
        return null;
    }
}
