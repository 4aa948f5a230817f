"""Log an experiment to Gyre with the unmodified MLflow client.

Gyre speaks MLflow's REST API, so the `mlflow` package works against it as against an MLflow server:

    gyre server                                   # http://127.0.0.1:5000
    gyre train --data train.csv --target churn --output model
    MLFLOW_TRACKING_URI=http://127.0.0.1:5000 python log_to_gyre.py --model-dir model

The script trains a small logistic regression by gradient descent (plain Python, no extra packages),
logs its parameters, a loss curve (one metric value per epoch, with its step), tags and a JSON summary,
logs the model directory as the run's `model` artifact, registers it as a new model version and points
an alias at that version.
"""

import argparse
import math
import os
import random
import sys

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException


def make_data(rows, seed):
    """Two features; the label is 1 when a noisy linear score is positive."""
    rng = random.Random(seed)
    data = []
    for _ in range(rows):
        x1, x2 = rng.gauss(0, 1), rng.gauss(0, 1)
        label = 1 if 1.5 * x1 - 2.0 * x2 + rng.gauss(0, 0.5) > 0 else 0
        data.append(((x1, x2), label))
    return data


def log_loss(weights, bias, data):
    total = 0.0
    for (x1, x2), label in data:
        p = 1.0 / (1.0 + math.exp(-(weights[0] * x1 + weights[1] * x2 + bias)))
        p = min(max(p, 1e-12), 1 - 1e-12)
        total -= label * math.log(p) + (1 - label) * math.log(1 - p)
    return total / len(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--experiment", default="python-example")
    parser.add_argument("--model-dir", default="model", help="MLflow model directory to log (e.g. from `gyre train --output model`)")
    parser.add_argument("--registered-model", default="churn-python")
    parser.add_argument("--alias", default="champion")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--learning-rate", type=float, default=0.5)
    args = parser.parse_args()

    if not os.path.isdir(args.model_dir):
        sys.exit(f"--model-dir {args.model_dir!r} is not a directory; create one with "
                 "`gyre train --data train.csv --target churn --output model` first.")

    # MLFLOW_TRACKING_URI from the environment wins; default to a local `gyre server`.
    mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000"))
    mlflow.set_experiment(args.experiment)

    train, valid = make_data(2000, seed=1), make_data(500, seed=2)
    with mlflow.start_run(run_name="logistic-gd") as run:
        mlflow.log_params({"epochs": args.epochs, "learning_rate": args.learning_rate, "train_rows": len(train)})
        mlflow.set_tags({"team": "growth", "trainer": "plain-python-gd"})

        weights, bias = [0.0, 0.0], 0.0
        for epoch in range(args.epochs):
            grad_w, grad_b = [0.0, 0.0], 0.0
            for (x1, x2), label in train:
                error = 1.0 / (1.0 + math.exp(-(weights[0] * x1 + weights[1] * x2 + bias))) - label
                grad_w[0] += error * x1
                grad_w[1] += error * x2
                grad_b += error
            weights = [w - args.learning_rate * g / len(train) for w, g in zip(weights, grad_w)]
            bias -= args.learning_rate * grad_b / len(train)
            mlflow.log_metric("train_log_loss", log_loss(weights, bias, train), step=epoch)
            mlflow.log_metric("valid_log_loss", log_loss(weights, bias, valid), step=epoch)

        mlflow.log_dict({"weights": weights, "bias": bias}, "summary/coefficients.json")
        mlflow.log_artifacts(args.model_dir, artifact_path="model")
        run_id = run.info.run_id
        model_source = f"{run.info.artifact_uri}/model"

    client = MlflowClient()
    try:
        client.create_registered_model(args.registered_model, description="Logged by examples/python/log_to_gyre.py")
    except MlflowException as error:
        if error.error_code != "RESOURCE_ALREADY_EXISTS":
            raise
    version = client.create_model_version(args.registered_model, model_source, run_id=run_id)
    client.set_registered_model_alias(args.registered_model, args.alias, version.version)

    champion = client.get_model_version_by_alias(args.registered_model, args.alias)
    print(f"run {run_id}: logged {args.epochs} epochs; "
          f"{args.registered_model} version {champion.version} is now @{args.alias} (source {champion.source})")


if __name__ == "__main__":
    main()
