using System.Globalization;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Monitoring.Drift;
using Gyre.Serving.Observability.Alerts;

namespace Gyre.Serving.Observability.Drift;

/// <summary>
/// Drift of one deployment's served inputs against its model's reference data: served rows enter a
/// window (the last <c>window_rows</c>, optionally only those younger than <c>window_seconds</c>); every
/// <c>evaluate_every_seconds</c> the window is compared with the reference (prepared once) by the
/// <see cref="DriftDetector"/>, the gauges are updated, and an alert is returned when the dataset verdict
/// flips from not drifted to drifted. Nothing here runs on a request.
/// </summary>
public sealed class DriftMonitor
{
    private readonly DriftReference _reference;
    private readonly DriftMonitorSpec _spec;
    private readonly ServedWindow _window;
    private readonly DriftGauges _gauges;
    private readonly HashSet<(string Feature, string Method)> _exported = [];
    private DateTimeOffset _nextEvaluation = DateTimeOffset.MinValue;
    private bool _drifted;

    public DriftMonitor(string deployment, DataFrame reference, DriftMonitorSpec spec, DriftGauges gauges)
    {
        Deployment = deployment;
        _spec = spec;
        _gauges = gauges;
        _reference = DriftReference.Prepare(reference, spec.ToOptions());
        if (spec.Columns is { } columns)
            foreach (var column in columns)
                if (!reference.Contains(column))
                    throw GyreException.InvalidParameter($"Deployment '{deployment}' drift column '{column}' is not in the reference data ({string.Join(", ", reference.ColumnNames)}).");
        _window = new ServedWindow(_reference, spec.WindowRows);
    }

    public string Deployment { get; }

    /// <summary>The latest comparison (null before the window first held min_rows rows).</summary>
    public DatasetDriftResult? Latest { get; private set; }

    /// <summary>Loads the reference CSV named by the spec (a local path or file: URI).</summary>
    public static DataFrame LoadReference(string deployment, string location, Func<string, string>? resolve = null)
    {
        string path;
        try
        {
            path = (resolve ?? LocalPath)(location);
        }
        catch (GyreException e)
        {
            throw new GyreException(e.Code, $"Deployment '{deployment}' reference data '{location}' cannot be fetched: {e.Message}", e);
        }
        if (!File.Exists(path))
            throw GyreException.InvalidParameter(
                $"Deployment '{deployment}' reference data '{location}' is not a file (give a CSV path, or a runs:/, s3:// or mlflow-artifacts: URI of a CSV file).");
        return CsvTable.Read(path);
    }

    /// <summary>A local path or file: URI as a path.</summary>
    public static string LocalPath(string location) =>
        location.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(location, UriKind.Absolute, out var uri)
            ? uri.LocalPath
            : location;

    /// <summary>Adds a served request's rows to the window.</summary>
    public void Add(DataFrame inputs, DateTimeOffset time) => _window.Add(inputs, time);

    /// <summary>Compares the window with the reference when an evaluation is due (or when forced).</summary>
    public Alert? EvaluateIfDue(DateTimeOffset now, bool force = false)
    {
        if (!force && now < _nextEvaluation) return null;
        _nextEvaluation = now + TimeSpan.FromSeconds(_spec.EvaluateEverySeconds);
        var since = _spec.WindowSeconds is { } seconds ? now - TimeSpan.FromSeconds(seconds) : (DateTimeOffset?)null;
        var current = _window.Snapshot(since);
        _gauges.WindowRows.WithLabels(Deployment).Set(current.RowCount);
        if (current.RowCount < _spec.MinRows) return null;

        var result = DriftDetector.Compare(_reference, current);
        Latest = result;
        Export(result);
        var wasDrifted = _drifted;
        _drifted = result.DatasetDrift;
        if (!_drifted || wasDrifted) return null;

        var evidence = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["drift_share"] = result.DriftShare,
            ["drift_share_threshold"] = result.DriftShareThreshold,
            ["drifted_columns"] = result.DriftedColumns,
            ["evaluated_columns"] = result.EvaluatedColumns,
            ["window_rows"] = result.CurrentRows,
            ["reference_rows"] = result.ReferenceRows,
        };
        foreach (var column in result.Drifted)
            if (column.Statistic is { } statistic) evidence[$"{column.Column}.{column.Method}"] = statistic;
        var drifted = string.Join(", ", result.Drifted.Select(c => $"{c.Column} ({c.Method} {Format(c.MethodKind == DriftMethodKind.PValue ? c.PValue : c.Statistic)})"));
        var message = $"data drift: {result.DriftedColumns} of {result.EvaluatedColumns} features drifted " +
                      $"(share {Format(result.DriftShare)} >= {Format(result.DriftShareThreshold)}) over the last {result.CurrentRows} served rows: {drifted}";
        return new Alert(Deployment, "data_drift", "warning", message, evidence, now);
    }

    private void Export(DatasetDriftResult result)
    {
        foreach (var column in result.Columns)
        {
            if (column.Status != ColumnDriftStatus.Evaluated || column.Method is null) continue;
            _gauges.Score.WithLabels(Deployment, column.Column, column.Method).Set(column.Statistic ?? double.NaN);
            if (column.PValue is { } p) _gauges.PValue.WithLabels(Deployment, column.Column, column.Method).Set(p);
            _gauges.Detected.WithLabels(Deployment, column.Column).Set(column.Drift == true ? 1 : 0);
            _exported.Add((column.Column, column.Method));
        }
        _gauges.Share.WithLabels(Deployment).Set(result.DriftShare);
        _gauges.Dataset.WithLabels(Deployment).Set(result.DatasetDrift ? 1 : 0);
    }

    /// <summary>Removes this deployment's series (when it is deleted or its monitoring changes).</summary>
    public void RemoveSeries()
    {
        foreach (var (feature, method) in _exported)
        {
            _gauges.Score.Remove(Deployment, feature, method);
            _gauges.PValue.Remove(Deployment, feature, method);
            _gauges.Detected.Remove(Deployment, feature);
        }
        _gauges.Share.Remove(Deployment);
        _gauges.Dataset.Remove(Deployment);
        _gauges.WindowRows.Remove(Deployment);
    }

    private static string Format(double? value) => value is null ? "none" : value.Value.ToString("G4", CultureInfo.InvariantCulture);
}
