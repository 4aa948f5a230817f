using Gyre.Core.Errors;
using Gyre.Tracking.Deployments;

namespace Gyre.Tracking.Stores;

public sealed partial class SqlStore : IDeploymentStore
{
    private const string DeploymentColumns = "name, spec AS spec_json, policy_state, created_at, updated_at";

    public Task<IReadOnlyList<DeploymentRecord>> ListDeploymentsAsync(CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<DeploymentRecord>>(async s =>
            (await s.QueryAsync<DeploymentRow>($"SELECT {DeploymentColumns} FROM deployments ORDER BY name {s.Dialect.TextCollation}"))
                .Select(r => r.ToRecord()).ToList(), ct);

    public Task<DeploymentRecord?> GetDeploymentAsync(string name, CancellationToken ct = default) =>
        _db.ReadAsync(async s =>
            (await s.QuerySingleOrDefaultAsync<DeploymentRow>($"SELECT {DeploymentColumns} FROM deployments WHERE name = @name", new { name }))?.ToRecord(), ct);

    public async Task<DeploymentRecord> CreateDeploymentAsync(string name, string specJson, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            return await _db.WriteAsync(async s =>
            {
                var now = Now();
                await s.ExecuteAsync(
                    "INSERT INTO deployments (name, spec, policy_state, created_at, updated_at) VALUES (@name, @specJson, NULL, @now, @now)",
                    new { name, specJson, now });
                return new DeploymentRecord(name, specJson, null, now, now);
            }, ct);
        }
        catch (Exception e) when (_db.Dialect.IsUniqueViolation(e))
        {
            throw GyreException.AlreadyExists($"Deployment '{name}' already exists.");
        }
    }

    public Task<DeploymentRecord> UpdateDeploymentAsync(string name, string specJson, string? policyState, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            var now = Now();
            var row = await s.QuerySingleOrDefaultAsync<DeploymentRow>(
                $"SELECT {DeploymentColumns} FROM deployments WHERE name = @name{s.Dialect.ForUpdate}", new { name })
                ?? throw DeploymentNotFound(name);
            await s.ExecuteAsync("UPDATE deployments SET spec = @specJson, policy_state = @policyState, updated_at = @now WHERE name = @name",
                new { name, specJson, policyState, now });
            return new DeploymentRecord(name, specJson, policyState, row.CreatedAt, now);
        }, ct);

    public Task SavePolicyStateAsync(string name, string? policyState, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            var changed = await s.ExecuteAsync("UPDATE deployments SET policy_state = @policyState WHERE name = @name", new { name, policyState });
            if (changed == 0) throw DeploymentNotFound(name);
        }, ct);

    public Task DeleteDeploymentAsync(string name, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            // Events first: SQLite enforces the cascade only with foreign keys on, and both engines then agree.
            await s.ExecuteAsync("DELETE FROM deployment_events WHERE deployment = @name", new { name });
            var changed = await s.ExecuteAsync("DELETE FROM deployments WHERE name = @name", new { name });
            if (changed == 0) throw DeploymentNotFound(name);
        }, ct);

    public Task<long> AppendDeploymentEventAsync(string name, long timestamp, string kind, string eventJson, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            var exists = await s.ExecuteScalarAsync<long?>("SELECT 1 FROM deployments WHERE name = @name", new { name });
            if (exists is null) throw DeploymentNotFound(name);
            return await s.ExecuteScalarAsync<long>(
                "INSERT INTO deployment_events (deployment, timestamp, kind, body) VALUES (@name, @timestamp, @kind, @eventJson) RETURNING event_id",
                new { name, timestamp, kind, eventJson });
        }, ct);

    public Task<IReadOnlyList<DeploymentEventRecord>> ListDeploymentEventsAsync(string name, int limit = 1000, CancellationToken ct = default)
    {
        if (limit <= 0) throw GyreException.InvalidParameter($"Event limit must be positive, got {limit}.");
        return _db.ReadAsync<IReadOnlyList<DeploymentEventRecord>>(async s =>
        {
            var exists = await s.ExecuteScalarAsync<long?>("SELECT 1 FROM deployments WHERE name = @name", new { name });
            if (exists is null) throw DeploymentNotFound(name);
            var rows = await s.QueryAsync<DeploymentEventRow>(
                "SELECT event_id, deployment, timestamp, kind, body FROM deployment_events WHERE deployment = @name ORDER BY event_id DESC LIMIT @limit",
                new { name, limit });
            return rows.Reverse().Select(r => new DeploymentEventRecord(r.EventId, r.Deployment, r.Timestamp, r.Kind, r.Body)).ToList();
        }, ct);
    }

    private static GyreException DeploymentNotFound(string name) => GyreException.NotFound($"Deployment '{name}' does not exist.");

    private sealed class DeploymentRow
    {
        public string Name { get; set; } = "";
        public string SpecJson { get; set; } = "";
        public string? PolicyState { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public DeploymentRecord ToRecord() => new(Name, SpecJson, PolicyState, CreatedAt, UpdatedAt);
    }

    private sealed class DeploymentEventRow
    {
        public long EventId { get; set; }
        public string Deployment { get; set; } = "";
        public long Timestamp { get; set; }
        public string Kind { get; set; } = "";
        public string Body { get; set; } = "";
    }
}
