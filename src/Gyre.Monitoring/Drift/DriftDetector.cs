using System.Globalization;
using Gyre.Core.Data;
using Gyre.Core.Errors;

namespace Gyre.Monitoring.Drift;

/// <summary>
/// Compares a current data set with a reference, column by column, and decides dataset drift.
/// A column that cannot be compared gets a NotEvaluated result with the reason; nothing throws for bad data.
/// </summary>
public static class DriftDetector
{
    public static DatasetDriftResult Compare(DataFrame reference, DataFrame current, DriftOptions? options = null) =>
        Compare(DriftReference.Prepare(reference, options), current);

    public static DatasetDriftResult Compare(DriftReference reference, DataFrame current)
    {
        var options = reference.Options;
        var names = options.Columns?.ToList()
                    ?? reference.ColumnNames.Concat(current.ColumnNames.Where(n => !reference.ColumnNames.Contains(n))).ToList();
        var results = new ColumnDriftResult[names.Count];
        void body(int i) => results[i] = CompareColumn(names[i], reference, current, options);
        if (options.Parallel) Parallel.For(0, names.Count, body);
        else for (var i = 0; i < names.Count; i++) body(i);
        return new DatasetDriftResult
        {
            Columns = results,
            ReferenceRows = reference.Rows,
            CurrentRows = current.RowCount,
            DriftShareThreshold = options.DriftShare,
        };
    }

    private static ColumnDriftResult CompareColumn(string name, DriftReference reference, DataFrame current, DriftOptions options)
    {
        var role = name == options.PredictionColumn ? ColumnRole.Prediction : name == options.TargetColumn ? ColumnRole.Target : ColumnRole.Feature;
        var inReference = reference.TryGet(name, out var refSide);
        var inCurrent = current.TryGetColumn(name, out var currentColumn);
        if (!inReference || !inCurrent)
        {
            var where = !inReference && !inCurrent ? "either data set" : !inReference ? "the reference data" : "the current data";
            return NotEvaluated(name, role, $"column '{name}' is missing from {where}");
        }
        try
        {
            var curSide = ColumnPreparation.Prepare(currentColumn, refSide.Type, "current");
            return Score(name, role, refSide, curSide, options);
        }
        catch (Exception e) when (e is GyreException or ArgumentException or InvalidOperationException or ArithmeticException)
        {
            return NotEvaluated(name, role, $"column '{name}' could not be compared: {e.Message}");
        }
    }

    private static ColumnDriftResult Score(string name, ColumnRole role, PreparedColumn reference, PreparedColumn current, DriftOptions options)
    {
        var settings = options.PerColumn.GetValueOrDefault(name);
        var basis = new ColumnDriftResult
        {
            Column = name,
            Role = role,
            Status = ColumnDriftStatus.NotEvaluated,
            Type = reference.Type,
            Message = "",
            ReferenceCount = reference.Count,
            CurrentCount = current.Count,
            ReferenceMissing = reference.Missing,
            CurrentMissing = current.Missing,
        };
        var problem = reference.Problem ?? current.Problem
                      ?? (reference.Count == 0 ? $"the reference has no values in column '{name}' ({reference.Missing} missing)" : null)
                      ?? (current.Count == 0 ? $"the current data has no values in column '{name}' ({current.Missing} missing)" : null);
        var method = settings?.Method
                     ?? (reference.Type == DriftColumnType.Numeric ? options.NumericMethod : options.CategoricalMethod)
                     ?? DriftMethods.Automatic(reference.Type, reference.Count, options);
        var threshold = settings?.Threshold ?? options.Threshold ?? method.DefaultThreshold;
        basis = basis with { Method = method.Name, MethodKind = method.Kind, Threshold = threshold, DriftRule = method.DriftRule(threshold) };
        if (problem is not null) return basis with { Message = problem };

        var typeName = reference.Type == DriftColumnType.Numeric ? "numeric" : "categorical";
        if (reference.Type == DriftColumnType.Numeric ? !method.SupportsNumeric : !method.SupportsCategorical)
            return basis with { Message = $"method '{method.Name}' cannot compare column '{name}', which is {typeName}" };

        DriftScore score;
        CategoricalPair? pair = null;
        if (reference.Type == DriftColumnType.Numeric)
        {
            score = method.Score(reference.Numeric!, current.Numeric!, options);
            basis = basis with
            {
                Distribution = Distributions.Numeric(reference.Numeric!, current.Numeric!, options.ChartBins),
                OtherMethods = Others(options, m => m.SupportsNumeric, m => m.Score(reference.Numeric!, current.Numeric!, options)),
            };
        }
        else
        {
            pair = new CategoricalPair(reference.Categorical!, current.Categorical!);
            score = method.Score(pair, options);
            var categorical = pair;
            basis = basis with { OtherMethods = Others(options, m => m.SupportsCategorical, m => m.Score(categorical, options)) };
            basis = basis with
            {
                Distribution = Distributions.Categorical(pair),
                NewCategories = pair.Categories.Where((_, i) => pair.ReferenceCounts[i] == 0).ToArray(),
            };
        }
        if (double.IsNaN(score.Statistic) || (method.Kind == DriftMethodKind.PValue && (score.PValue is null || double.IsNaN(score.PValue.Value))))
            return basis with { Message = $"method '{method.Name}' gave no defined result for column '{name}' (statistic {Format(score.Statistic)}, p-value {Format(score.PValue)})" };

        var drift = method.IsDrift(score, threshold);
        var value = method.Kind == DriftMethodKind.PValue ? $"p-value {Format(score.PValue)}" : $"{method.Name} {Format(score.Statistic)}";
        var comparison = method.Kind == DriftMethodKind.PValue ? (drift ? "<" : ">=") : (drift ? ">" : "<=");
        var notes = new List<string>();
        if (basis.NewCategories.Count > 0)
            notes.Add($"{basis.NewCategories.Count} new categor{(basis.NewCategories.Count == 1 ? "y" : "ies")}: {string.Join(", ", basis.NewCategories.Take(5))}");
        var nonFinite = (reference.Numeric?.NonFinite ?? 0) + (current.Numeric?.NonFinite ?? 0);
        if (nonFinite > 0) notes.Add($"{nonFinite} infinite value(s) left out");
        var message = $"{(drift ? "drift detected" : "no drift")}: {value} {comparison} {Format(threshold)}" +
                      (notes.Count > 0 ? " (" + string.Join("; ", notes) + ")" : "");
        return basis with
        {
            Status = ColumnDriftStatus.Evaluated,
            Statistic = score.Statistic,
            PValue = score.PValue,
            Drift = drift,
            Message = message,
        };
    }

    private static MethodResult[] Others(DriftOptions options, Func<DriftMethod, bool> applies, Func<DriftMethod, DriftScore> score) =>
        options.AdditionalMethods.Where(applies).Select(m =>
        {
            var threshold = m.DefaultThreshold;
            try
            {
                var s = score(m);
                var defined = !double.IsNaN(s.Statistic) && (m.Kind == DriftMethodKind.Distance || s.PValue is { } p && !double.IsNaN(p));
                return defined
                    ? new MethodResult { Method = m.Name, Statistic = s.Statistic, PValue = s.PValue, Threshold = threshold, Drift = m.IsDrift(s, threshold) }
                    : new MethodResult { Method = m.Name, Threshold = threshold, Error = "no defined result" };
            }
            catch (Exception e) when (e is GyreException or ArgumentException or InvalidOperationException or ArithmeticException)
            {
                return new MethodResult { Method = m.Name, Threshold = threshold, Error = e.Message };
            }
        }).ToArray();

    private static ColumnDriftResult NotEvaluated(string name, ColumnRole role, string message) =>
        new() { Column = name, Role = role, Status = ColumnDriftStatus.NotEvaluated, Message = message };

    internal static string Format(double? value) =>
        value is null ? "none" : value.Value.ToString("G4", CultureInfo.InvariantCulture);
}
