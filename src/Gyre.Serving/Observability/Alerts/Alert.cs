using System.Globalization;
using System.Text;
using System.Text.Json;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Observability.Alerts;

/// <summary>
/// A condition worth a person's (or a retraining job's) attention: which deployment, what kind
/// (<c>data_drift</c>, <c>concept_drift</c>, <c>slo_burn_rate</c>), how bad (<c>page</c>, <c>ticket</c>,
/// <c>warning</c>), a sentence, and the numbers behind it. <paramref name="Subject"/> names what within the
/// deployment the alert is about (an SLO, a variant), so cool-downs apply per subject.
/// </summary>
public sealed record Alert(
    string Deployment,
    string Kind,
    string Severity,
    string Message,
    IReadOnlyDictionary<string, double> Evidence,
    DateTimeOffset Timestamp,
    string Subject = "")
{
    /// <summary>The alert as the deployment event log keeps it: kind <c>alert</c>, reason "kind (severity): message".</summary>
    public DeploymentEvent ToEvent() =>
        new(Timestamp, Deployment, "alert", $"{Kind} ({Severity}): {Message}", Evidence, new Dictionary<string, double>());

    /// <summary>
    /// The JSON payload webhooks and commands receive:
    /// <c>{"deployment", "kind", "severity", "subject", "message", "timestamp", "evidence": {name: number}}</c>.
    /// Non-finite evidence values are written as null.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("deployment", Deployment);
            json.WriteString("kind", Kind);
            json.WriteString("severity", Severity);
            json.WriteString("subject", Subject);
            json.WriteString("message", Message);
            json.WriteString("timestamp", Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartObject("evidence");
            foreach (var (name, value) in Evidence)
            {
                if (double.IsFinite(value)) json.WriteNumber(name, value);
                else json.WriteNull(name);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
