using System.Text.Json.Serialization;
using Gyre.Core.Errors;
using Gyre.Monitoring.Drift;
using Gyre.Monitoring.Slo;

namespace Gyre.Serving.Observability;

/// <summary>
/// How a deployment is watched: reference data and drift windows, prediction-log sampling, feedback
/// windows for rolling accuracy / reward, SLOs, and where alerts go. Every part is optional; JSON names
/// are snake_case (the <c>monitoring</c> object of a deployment spec). Properties have setters rather than
/// init accessors because the source-generated JSON reader would otherwise reset absent ones to zero
/// instead of keeping their defaults.
/// </summary>
public sealed record MonitoringSpec
{
    /// <summary>The model's reference data: a CSV file (local path or file: URI). Needed for drift.</summary>
    [JsonPropertyName("reference_data")] public string? ReferenceData { get; set; }

    [JsonPropertyName("drift")] public DriftMonitorSpec? Drift { get; set; }

    [JsonPropertyName("prediction_log")] public PredictionLogSpec? PredictionLog { get; set; }

    [JsonPropertyName("feedback")] public FeedbackMonitorSpec? Feedback { get; set; }

    [JsonPropertyName("slos")] public IReadOnlyList<SloSpec>? Slos { get; set; }

    [JsonPropertyName("alerts")] public AlertSinksSpec? Alerts { get; set; }

    /// <summary>
    /// Throws INVALID_PARAMETER_VALUE naming the bad setting. Files are not checked here (a spec loaded from
    /// the store must not stop its deployment from serving); a missing reference file is reported when the
    /// monitoring is applied, as a <c>monitoring_error</c> event.
    /// </summary>
    public void Validate(string deployment)
    {
        var where = $"Deployment '{deployment}' monitoring";
        Drift?.Validate(where);
        if (Drift is not null && string.IsNullOrWhiteSpace(ReferenceData))
            throw GyreException.InvalidParameter($"{where}: drift settings need 'reference_data' (a CSV of the model's reference inputs).");
        if (PredictionLog is { } plog && string.IsNullOrWhiteSpace(plog.Directory))
            throw GyreException.InvalidParameter($"{where}: prediction_log needs a 'directory' (one folder per deployment).");
        if (PredictionLog is { } log && !(log.SampleRate is >= 0 and <= 1))
            throw GyreException.InvalidParameter($"{where}: prediction_log.sample_rate must be in [0, 1], got {log.SampleRate}.");
        Feedback?.Validate(where);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slo in Slos ?? [])
        {
            slo.ToDefinition(where);
            if (!names.Add(slo.Name)) throw GyreException.InvalidParameter($"{where}: two SLOs are named '{slo.Name}'.");
        }
        Alerts?.Validate(where);
    }
}

/// <summary>The window of served inputs compared with the reference, and how drift is judged.</summary>
public sealed record DriftMonitorSpec
{
    /// <summary>The most recent rows kept in the window.</summary>
    [JsonPropertyName("window_rows")] public int WindowRows { get; set; } = 1000;

    /// <summary>Rows older than this leave the window (null: only the row count bounds it).</summary>
    [JsonPropertyName("window_seconds")] public double? WindowSeconds { get; set; }

    /// <summary>No verdict before the window holds this many rows.</summary>
    [JsonPropertyName("min_rows")] public int MinRows { get; set; } = 100;

    /// <summary>How often the window is compared with the reference, in the background.</summary>
    [JsonPropertyName("evaluate_every_seconds")] public double EvaluateEverySeconds { get; set; } = 30;

    /// <summary>Columns compared (null: every reference column the served inputs have).</summary>
    [JsonPropertyName("columns")] public IReadOnlyList<string>? Columns { get; set; }

    /// <summary>A drift method name (ks, wasserstein, psi, jensenshannon, chisquare, ...; null: automatic by size and type).</summary>
    [JsonPropertyName("method")] public string? Method { get; set; }

    [JsonPropertyName("threshold")] public double? Threshold { get; set; }

    /// <summary>The share of drifted columns at which the data set counts as drifted.</summary>
    [JsonPropertyName("drift_share")] public double DriftShare { get; set; } = 0.5;

    public void Validate(string where)
    {
        if (WindowRows < 2) throw GyreException.InvalidParameter($"{where}: drift.window_rows must be at least 2, got {WindowRows}.");
        if (MinRows < 1 || MinRows > WindowRows)
            throw GyreException.InvalidParameter($"{where}: drift.min_rows must be between 1 and window_rows ({WindowRows}), got {MinRows}.");
        if (WindowSeconds is { } seconds && !(seconds > 0)) throw GyreException.InvalidParameter($"{where}: drift.window_seconds must be positive, got {seconds}.");
        if (!(EvaluateEverySeconds > 0)) throw GyreException.InvalidParameter($"{where}: drift.evaluate_every_seconds must be positive, got {EvaluateEverySeconds}.");
        if (!(DriftShare is > 0 and <= 1)) throw GyreException.InvalidParameter($"{where}: drift.drift_share must be in (0, 1], got {DriftShare}.");
        if (Threshold is { } t && !double.IsFinite(t)) throw GyreException.InvalidParameter($"{where}: drift.threshold must be a number.");
        if (Method is not null) DriftMethods.Parse(Method);
    }

    /// <summary>The detector's options; a named method applies to the column types it supports (the others stay automatic).</summary>
    public DriftOptions ToOptions()
    {
        var method = Method is null ? null : DriftMethods.Parse(Method);
        return new DriftOptions
        {
            Columns = Columns,
            NumericMethod = method is { SupportsNumeric: true } ? method : null,
            CategoricalMethod = method is { SupportsCategorical: true } ? method : null,
            Threshold = Threshold,
            DriftShare = DriftShare,
            Parallel = false, // background work on a shared machine: one core is enough
        };
    }
}

/// <summary>Where a deployment's prediction log goes and the share of served requests written to it.</summary>
public sealed record PredictionLogSpec
{
    /// <summary>The folder of this deployment's log files (rotated JSON lines; one folder per deployment).</summary>
    [JsonPropertyName("directory")] public string Directory { get; set; } = "";

    [JsonPropertyName("max_file_mb")] public double MaxFileMegabytes { get; set; } = 64;

    [JsonPropertyName("max_files")] public int MaxFiles { get; set; } = 16;

    [JsonPropertyName("sample_rate")] public double SampleRate { get; set; } = 1.0;
}

/// <summary>Rolling accuracy / mean reward from feedback, and when a drop counts as concept drift.</summary>
public sealed record FeedbackMonitorSpec
{
    /// <summary>The most recent feedback records per variant that the rolling figures cover.</summary>
    [JsonPropertyName("window")] public int Window { get; set; } = 200;

    /// <summary>Concept drift when accuracy falls this much (absolute) below the first full window's.</summary>
    [JsonPropertyName("accuracy_drop")] public double AccuracyDrop { get; set; } = 0.1;

    /// <summary>Concept drift when the mean reward falls this much (absolute) below the first full window's.</summary>
    [JsonPropertyName("reward_drop")] public double? RewardDrop { get; set; }

    public void Validate(string where)
    {
        if (Window < 2) throw GyreException.InvalidParameter($"{where}: feedback.window must be at least 2, got {Window}.");
        if (!(AccuracyDrop is > 0 and <= 1)) throw GyreException.InvalidParameter($"{where}: feedback.accuracy_drop must be in (0, 1], got {AccuracyDrop}.");
        if (RewardDrop is { } r && !(r > 0)) throw GyreException.InvalidParameter($"{where}: feedback.reward_drop must be positive, got {r}.");
    }
}

/// <summary>An availability or latency objective over a rolling window.</summary>
public sealed record SloSpec
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    /// <summary><c>availability</c> (the request succeeded) or <c>latency</c> (it succeeded within latency_ms).</summary>
    [JsonPropertyName("kind")] public string Kind { get; set; } = "availability";

    [JsonPropertyName("objective")] public double Objective { get; set; } = 0.999;

    /// <summary>The rolling window (default 30 days); burn-rate windows scale with it.</summary>
    [JsonPropertyName("window_seconds")] public double WindowSeconds { get; set; } = 30 * 24 * 3600;

    [JsonPropertyName("latency_ms")] public double? LatencyMilliseconds { get; set; }

    public SloDefinition ToDefinition(string where)
    {
        var kind = Kind switch
        {
            "availability" => SloKind.Availability,
            "latency" => SloKind.Latency,
            _ => throw GyreException.InvalidParameter($"{where}: SLO '{Name}' kind must be availability or latency, not '{Kind}'."),
        };
        if (!(WindowSeconds > 0) || !double.IsFinite(WindowSeconds))
            throw GyreException.InvalidParameter($"{where}: SLO '{Name}' window_seconds must be positive, got {WindowSeconds}.");
        try
        {
            return new SloDefinition(Name, kind, Objective, TimeSpan.FromSeconds(WindowSeconds),
                LatencyMilliseconds is { } ms && double.IsFinite(ms) ? TimeSpan.FromMilliseconds(ms) : null);
        }
        catch (GyreException e)
        {
            throw GyreException.InvalidParameter($"{where}: {e.Message}");
        }
    }
}

/// <summary>Where a deployment's alerts go besides its event log, and how often one condition may alert.</summary>
public sealed record AlertSinksSpec
{
    /// <summary>A condition that persists alerts again only after this long (per deployment, kind and subject).</summary>
    [JsonPropertyName("cooldown_seconds")] public double CooldownSeconds { get; set; } = 900;

    [JsonPropertyName("webhooks")] public IReadOnlyList<WebhookSpec>? Webhooks { get; set; }

    [JsonPropertyName("commands")] public IReadOnlyList<CommandSpec>? Commands { get; set; }

    public void Validate(string where)
    {
        if (!(CooldownSeconds >= 0)) throw GyreException.InvalidParameter($"{where}: alerts.cooldown_seconds must be >= 0, got {CooldownSeconds}.");
        foreach (var hook in Webhooks ?? [])
        {
            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw GyreException.InvalidParameter($"{where}: webhook url '{hook.Url}' is not an absolute http(s) URL.");
            if (!(hook.TimeoutSeconds > 0)) throw GyreException.InvalidParameter($"{where}: webhook timeout_seconds must be positive.");
            if (hook.MaxAttempts < 1) throw GyreException.InvalidParameter($"{where}: webhook max_attempts must be at least 1.");
        }
        foreach (var command in Commands ?? [])
        {
            if (command.Command is not { Count: > 0 } || string.IsNullOrWhiteSpace(command.Command[0]))
                throw GyreException.InvalidParameter($"{where}: an alert command needs 'command': [program, args...].");
            if (!(command.TimeoutSeconds > 0)) throw GyreException.InvalidParameter($"{where}: command timeout_seconds must be positive.");
        }
    }
}

/// <summary>An HTTP endpoint that receives each alert as a JSON POST.</summary>
public sealed record WebhookSpec
{
    [JsonPropertyName("url")] public string Url { get; set; } = "";

    [JsonPropertyName("timeout_seconds")] public double TimeoutSeconds { get; set; } = 5;

    [JsonPropertyName("max_attempts")] public int MaxAttempts { get; set; } = 4;
}

/// <summary>A program started for each alert (the retraining hook): the alert JSON on stdin, GYRE_ALERT_* in its environment.</summary>
public sealed record CommandSpec
{
    /// <summary>The program and its arguments, e.g. ["/bin/sh", "-c", "gyre pipeline repro retrain"].</summary>
    [JsonPropertyName("command")] public IReadOnlyList<string> Command { get; set; } = [];

    [JsonPropertyName("timeout_seconds")] public double TimeoutSeconds { get; set; } = 3600;
}
