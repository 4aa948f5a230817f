// Drives a Gyre server with the npm package `mlflow` (MLflow's REST client for Node.js), unmodified:
// experiment -> run -> log -> search -> register -> transition. The package has no registry helpers,
// so the registry calls go through its own request method (MLflowBase.req) on the registry paths.
// Usage: node mlflow-client-flow.js http://127.0.0.1:PORT   (prints one line "RESULT {json}" at the end)
'use strict';
const MLflow = require('mlflow');
const { MLflowBase } = require('mlflow/lib/mlflow');
const { RunStatus, ViewType } = require('mlflow/enum');

const endpoint = process.argv[2];
if (!endpoint) {
  console.error('usage: node mlflow-client-flow.js <tracking uri>');
  process.exit(2);
}

class Registry extends MLflowBase {
  constructor(path) {
    super({ endpoint });
    this.path = path;
  }
}

(async () => {
  const client = new MLflow({ endpoint });
  const { Experiments, Runs, Metrics } = client;
  const suffix = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

  const { experiment_id } = await Experiments.create({ name: `npm-client-${suffix}` });
  const { experiment } = await Experiments.get({ experiment_id });

  const { run } = await Runs.create({
    experiment_id,
    user_id: 'npm',
    start_time: Date.now(),
    tags: [{ key: 'mlflow.runName', value: 'npm-run' }],
  });
  const run_id = run.info.run_id;

  await Runs.logParameter({ run_id, key: 'learning_rate', value: '0.01' });
  for (let step = 0; step < 3; step++) {
    await Runs.logMetric({ run_id, key: 'loss', value: 1 / (step + 1), timestamp: Date.now(), step });
  }
  await Runs.logBatch({
    run_id,
    metrics: [{ key: 'accuracy', value: 0.93, timestamp: Date.now(), step: 2 }],
    params: [{ key: 'depth', value: '6' }],
    tags: [{ key: 'framework', value: 'xgboost' }],
  });
  await Runs.setTag({ run_id, key: 'reviewed', value: 'yes' });
  await Runs.update({ run_id, status: RunStatus.FINISHED, end_time: Date.now() });

  const history = await Metrics.getHistory({ run_id, metric_key: 'loss' });
  const { runs } = await Runs.search({
    experiment_ids: [experiment_id],
    filter: "metrics.accuracy > 0.9 and params.depth = '6'",
    run_view_type: ViewType.ACTIVE_ONLY,
    max_results: 10,
    order_by: ['metrics.accuracy DESC'],
  });
  const { run: fetched } = await Runs.get({ run_id });

  const models = new Registry('/registered-models');
  const versions = new Registry('/model-versions');
  const modelName = `npm-model-${suffix}`;
  await models.req('post', '/create', { name: modelName, description: 'registered from node' });
  const { model_version } = await versions.req('post', '/create', {
    name: modelName,
    source: `${run.info.artifact_uri}/model`,
    run_id,
  });
  const { model_version: transitioned } = await versions.req('post', '/transition-stage', {
    name: modelName,
    version: model_version.version,
    stage: 'Production',
    archive_existing_versions: true,
  });
  const { model_versions: latest } = await models.req('post', '/get-latest-versions', { name: modelName, stages: ['Production'] });

  console.log('RESULT ' + JSON.stringify({
    experiment_id,
    experiment_name: experiment.name,
    run_id,
    status: fetched.info.status,
    metrics: fetched.data.metrics,
    params: fetched.data.params,
    loss_history: history.metrics.map(m => m.value),
    searched_run_ids: (runs || []).map(r => r.info.run_id),
    model_name: modelName,
    version: model_version.version,
    stage: transitioned.current_stage,
    latest_production: (latest || []).map(v => v.version),
  }));
})().catch(error => {
  console.error(String(error && error.stack || error));
  process.exit(1);
});
