using System.Text.Json.Serialization;

namespace Gyre.Monitoring.Drift;

/// <summary>
/// Drift across a data set: per-column results, the share of evaluated columns that drifted and the
/// dataset verdict (share &gt;= <see cref="DriftShareThreshold"/>), plus prediction and target drift when
/// those columns are named.
/// </summary>
public sealed record DatasetDriftResult
{
    public required IReadOnlyList<ColumnDriftResult> Columns { get; init; }
    public int ReferenceRows { get; init; }
    public int CurrentRows { get; init; }
    public int EvaluatedColumns => Columns.Count(c => c.Status == ColumnDriftStatus.Evaluated);
    public int DriftedColumns => Columns.Count(c => c.Drift == true);
    public int NotEvaluatedColumns => Columns.Count(c => c.Status == ColumnDriftStatus.NotEvaluated);
    /// <summary>Drifted / evaluated columns; 0 when nothing could be evaluated.</summary>
    public double DriftShare => EvaluatedColumns == 0 ? 0 : (double)DriftedColumns / EvaluatedColumns;
    public double DriftShareThreshold { get; init; } = 0.5;
    /// <summary>Whether the data set drifted; false when no column could be evaluated (see <see cref="NotEvaluatedColumns"/>).</summary>
    public bool DatasetDrift => EvaluatedColumns > 0 && DriftShare >= DriftShareThreshold;
    [JsonIgnore]
    public ColumnDriftResult? PredictionDrift => Columns.FirstOrDefault(c => c.Role == ColumnRole.Prediction);
    [JsonIgnore]
    public ColumnDriftResult? TargetDrift => Columns.FirstOrDefault(c => c.Role == ColumnRole.Target);
    [JsonIgnore]
    public IEnumerable<ColumnDriftResult> Drifted => Columns.Where(c => c.Drift == true);

    /// <summary>Whether the prediction column drifted (null when none is named or it could not be evaluated).</summary>
    public bool? PredictionDrifted => PredictionDrift?.Drift;

    /// <summary>Whether the target column drifted (null when none is named or it could not be evaluated).</summary>
    public bool? TargetDrifted => TargetDrift?.Drift;
}
