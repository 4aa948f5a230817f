namespace Gyre.Tracking.Sql.Migrations;

/// <summary>SQLite schema, one script per version. Never edit a released script; append a new one.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<string> All { get; } =
    [
        """
        CREATE TABLE experiments (
            experiment_id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            artifact_location TEXT NOT NULL,
            lifecycle_stage TEXT NOT NULL,
            creation_time INTEGER,
            last_update_time INTEGER);
        CREATE TABLE experiment_tags (
            experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (experiment_id, key)) WITHOUT ROWID;
        CREATE TABLE runs (
            run_uuid TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
            user_id TEXT NOT NULL,
            status TEXT NOT NULL,
            start_time INTEGER,
            end_time INTEGER,
            deleted_time INTEGER,
            lifecycle_stage TEXT NOT NULL,
            artifact_uri TEXT NOT NULL);
        CREATE INDEX runs_by_experiment ON runs(experiment_id, start_time);
        CREATE TABLE metrics (
            run_uuid TEXT NOT NULL,
            key TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            step INTEGER NOT NULL,
            value REAL NOT NULL,
            is_nan INTEGER NOT NULL,
            PRIMARY KEY (run_uuid, key, timestamp, step, value, is_nan)) WITHOUT ROWID;
        CREATE TABLE latest_metrics (
            run_uuid TEXT NOT NULL,
            key TEXT NOT NULL,
            value REAL NOT NULL,
            timestamp INTEGER NOT NULL,
            step INTEGER NOT NULL,
            is_nan INTEGER NOT NULL,
            PRIMARY KEY (run_uuid, key)) WITHOUT ROWID;
        CREATE INDEX latest_metrics_by_key ON latest_metrics(key, value);
        CREATE TABLE params (
            run_uuid TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_uuid, key)) WITHOUT ROWID;
        CREATE INDEX params_by_key ON params(key, value);
        CREATE TABLE tags (
            run_uuid TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_uuid, key)) WITHOUT ROWID;
        CREATE INDEX tags_by_key ON tags(key, value);
        CREATE TABLE datasets (
            dataset_uuid TEXT PRIMARY KEY,
            experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
            name TEXT NOT NULL,
            digest TEXT NOT NULL,
            dataset_source_type TEXT NOT NULL,
            dataset_source TEXT NOT NULL,
            dataset_schema TEXT,
            dataset_profile TEXT,
            UNIQUE (experiment_id, name, digest));
        CREATE TABLE inputs (
            input_uuid TEXT PRIMARY KEY,
            source_type TEXT NOT NULL,
            source_id TEXT NOT NULL,
            destination_type TEXT NOT NULL,
            destination_id TEXT NOT NULL,
            UNIQUE (source_type, source_id, destination_type, destination_id));
        CREATE INDEX inputs_by_destination ON inputs(destination_type, destination_id);
        CREATE TABLE input_tags (
            input_uuid TEXT NOT NULL REFERENCES inputs(input_uuid) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (input_uuid, name)) WITHOUT ROWID;
        CREATE TABLE registered_models (
            name TEXT PRIMARY KEY,
            creation_time INTEGER NOT NULL,
            last_updated_time INTEGER NOT NULL,
            description TEXT);
        CREATE TABLE registered_model_tags (
            name TEXT NOT NULL REFERENCES registered_models(name) ON UPDATE CASCADE ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (name, key));
        CREATE TABLE model_versions (
            name TEXT NOT NULL REFERENCES registered_models(name) ON UPDATE CASCADE ON DELETE CASCADE,
            version INTEGER NOT NULL,
            creation_time INTEGER NOT NULL,
            last_updated_time INTEGER NOT NULL,
            description TEXT,
            user_id TEXT,
            current_stage TEXT NOT NULL,
            source TEXT NOT NULL,
            run_id TEXT,
            run_link TEXT,
            status TEXT NOT NULL,
            status_message TEXT,
            PRIMARY KEY (name, version));
        CREATE INDEX model_versions_by_run ON model_versions(run_id);
        CREATE TABLE model_version_tags (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (name, version, key),
            FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON UPDATE CASCADE ON DELETE CASCADE);
        CREATE TABLE registered_model_aliases (
            name TEXT NOT NULL REFERENCES registered_models(name) ON UPDATE CASCADE ON DELETE CASCADE,
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (name, alias));
        """,
        // v2: drop the by-key indexes on latest_metrics, params and tags. Every run search reaches these
        // tables through the run (primary-key lookups per candidate run), so the indexes only cost
        // writes: each logged key landed on its own page of a by-key index.
        """
        DROP INDEX IF EXISTS latest_metrics_by_key;
        DROP INDEX IF EXISTS params_by_key;
        DROP INDEX IF EXISTS tags_by_key;
        """,
        // v3: serving deployments (spec JSON, policy checkpoint) and their event log.
        """
        CREATE TABLE deployments (
            name TEXT PRIMARY KEY,
            spec TEXT NOT NULL,
            policy_state TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE TABLE deployment_events (
            event_id INTEGER PRIMARY KEY AUTOINCREMENT,
            deployment TEXT NOT NULL REFERENCES deployments(name) ON DELETE CASCADE,
            timestamp INTEGER NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL);
        CREATE INDEX deployment_events_by_deployment ON deployment_events(deployment, event_id);
        """,
        // v4: MLflow 3 logged models (tags, params, linked metrics), run <-> model links (LogOutputs and
        // model inputs), and the logged model a model version was registered from.
        """
        CREATE TABLE IF NOT EXISTS logged_models (
            model_id TEXT PRIMARY KEY,
            experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
            name TEXT NOT NULL,
            artifact_location TEXT NOT NULL,
            creation_timestamp_ms INTEGER NOT NULL,
            last_updated_timestamp_ms INTEGER NOT NULL,
            status TEXT NOT NULL,
            status_message TEXT,
            lifecycle_stage TEXT NOT NULL,
            model_type TEXT,
            source_run_id TEXT);
        CREATE INDEX IF NOT EXISTS logged_models_by_experiment ON logged_models(experiment_id, creation_timestamp_ms);
        CREATE TABLE IF NOT EXISTS logged_model_tags (
            model_id TEXT NOT NULL REFERENCES logged_models(model_id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (model_id, key));
        CREATE TABLE IF NOT EXISTS logged_model_params (
            model_id TEXT NOT NULL REFERENCES logged_models(model_id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (model_id, key));
        CREATE TABLE IF NOT EXISTS logged_model_metrics (
            model_id TEXT NOT NULL REFERENCES logged_models(model_id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            step INTEGER NOT NULL,
            value REAL NOT NULL,
            is_nan INTEGER NOT NULL,
            run_id TEXT NOT NULL,
            dataset_name TEXT NOT NULL,
            dataset_digest TEXT NOT NULL,
            PRIMARY KEY (model_id, key, timestamp, step, run_id, dataset_name, dataset_digest));
        CREATE TABLE IF NOT EXISTS run_model_links (
            run_uuid TEXT NOT NULL,
            direction TEXT NOT NULL,
            model_id TEXT NOT NULL,
            step INTEGER NOT NULL,
            PRIMARY KEY (run_uuid, direction, model_id));
        CREATE INDEX IF NOT EXISTS run_model_links_by_model ON run_model_links(model_id);
        ALTER TABLE model_versions ADD COLUMN model_id TEXT;
        ALTER TABLE model_versions ADD COLUMN storage_location TEXT;
        """,
        // v5: an integer key per run (run_key, stable: an INTEGER PRIMARY KEY survives VACUUM) and metric
        // rows keyed by it instead of the 32-character run id. The metric tables are by far the largest and
        // the most written; a row is ~45 % smaller, so each logged point dirties fewer pages and every
        // B-tree comparison settles on an integer first.
        """
        CREATE TABLE runs_v5 (
            run_key INTEGER PRIMARY KEY,
            run_uuid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
            user_id TEXT NOT NULL,
            status TEXT NOT NULL,
            start_time INTEGER,
            end_time INTEGER,
            deleted_time INTEGER,
            lifecycle_stage TEXT NOT NULL,
            artifact_uri TEXT NOT NULL);
        INSERT INTO runs_v5 (run_uuid, name, experiment_id, user_id, status, start_time, end_time, deleted_time, lifecycle_stage, artifact_uri)
            SELECT run_uuid, name, experiment_id, user_id, status, start_time, end_time, deleted_time, lifecycle_stage, artifact_uri
            FROM runs ORDER BY rowid;
        DROP TABLE runs;
        ALTER TABLE runs_v5 RENAME TO runs;
        CREATE INDEX runs_by_experiment ON runs(experiment_id, start_time);
        CREATE TABLE metrics_v5 (
            run_key INTEGER NOT NULL,
            key TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            step INTEGER NOT NULL,
            value REAL NOT NULL,
            is_nan INTEGER NOT NULL,
            PRIMARY KEY (run_key, key, timestamp, step, value, is_nan)) WITHOUT ROWID;
        INSERT INTO metrics_v5 (run_key, key, timestamp, step, value, is_nan)
            SELECT r.run_key, m.key, m.timestamp, m.step, m.value, m.is_nan FROM metrics m JOIN runs r ON r.run_uuid = m.run_uuid;
        DROP TABLE metrics;
        ALTER TABLE metrics_v5 RENAME TO metrics;
        CREATE TABLE latest_metrics_v5 (
            run_key INTEGER NOT NULL,
            key TEXT NOT NULL,
            value REAL NOT NULL,
            timestamp INTEGER NOT NULL,
            step INTEGER NOT NULL,
            is_nan INTEGER NOT NULL,
            PRIMARY KEY (run_key, key)) WITHOUT ROWID;
        INSERT INTO latest_metrics_v5 (run_key, key, value, timestamp, step, is_nan)
            SELECT r.run_key, m.key, m.value, m.timestamp, m.step, m.is_nan FROM latest_metrics m JOIN runs r ON r.run_uuid = m.run_uuid;
        DROP TABLE latest_metrics;
        ALTER TABLE latest_metrics_v5 RENAME TO latest_metrics;
        """,
        // v6: large metric batches acknowledged before the writer moves them into the metric tables (see
        // SqlStore.MetricBacklog); one row per batch, in the encoded form the writer binds from. Sequence
        // numbers only grow (AUTOINCREMENT), also across an emptied table: reads wait for them by number.
        """
        CREATE TABLE pending_metric_batches (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            run_key INTEGER NOT NULL,
            batch BLOB NOT NULL);
        """,
    ];
}
