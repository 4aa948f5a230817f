using Gyre.Core.Data;
using Gyre.Core.Testing;
using Gyre.Learn.Data;

namespace Gyre.Learn.Tests;

internal static class ReferenceData
{
    private static readonly Dictionary<string, Dataset> Cache = [];

    public static Dataset Load(string file, string target)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(file, out var cached)) return cached;
            var frame = CsvTable.Read(SharedData.PathOf("reference", "models", "datasets", file));
            var data = DatasetBuilder.FromFrame(frame, target).Data;
            Cache[file] = data;
            return data;
        }
    }

    public static Dataset ChurnTrain => Load("churn_encoded_train.csv", "churn");
    public static Dataset ChurnTest => Load("churn_encoded_test.csv", "churn");
    public static Dataset ChurnMissingTrain => Load("churn_encoded_missing_train.csv", "churn");
    public static Dataset ChurnMissingTest => Load("churn_encoded_missing_test.csv", "churn");
    public static Dataset MulticlassTrain => Load("multiclass_train.csv", "class");
    public static Dataset MulticlassTest => Load("multiclass_test.csv", "class");
    public static Dataset RegressionTrain => Load("regression_train.csv", "price_k");
    public static Dataset RegressionTest => Load("regression_test.csv", "price_k");
}
