#!/usr/bin/python3
"""Reference figures for docs/benchmarks.md: XGBoost's hist method on the churn data.

Trains with the same hyper-parameters as Gyre's built-in GBDT benchmark and prints test AUC and
training time. XGBoost (Debian's python3-xgboost) is a reference tool only, never a Gyre dependency.

usage: xgboost_reference.py <shared/reference/models/datasets> [--threads N] [--rounds 100] [--depth 6] [--eta 0.1]
                            [--save-model model.json]   (XGBoost's own model, for the scorer benchmark)
                            [--check-gyre-model dir]    (an MLflow directory from `gyre train`: XGBoost must load
                                                         its model.json and agree with Gyre's scoring)
"""
import argparse
import json
import time

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import roc_auc_score


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("datasets")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--train", default="churn_encoded_train.csv")
    ap.add_argument("--test", default="churn_encoded_test.csv")
    ap.add_argument("--save-model")
    ap.add_argument("--check-gyre-model")
    args = ap.parse_args()

    train = pd.read_csv(f"{args.datasets}/{args.train}")
    test = pd.read_csv(f"{args.datasets}/{args.test}")
    x_train = train.drop(columns=["churn"]).to_numpy(np.float32)
    y_train = train["churn"].to_numpy()
    x_test = test.drop(columns=["churn"]).to_numpy(np.float32)
    y_test = test["churn"].to_numpy()
    params = {
        "objective": "binary:logistic", "tree_method": "hist", "max_depth": args.depth, "eta": args.eta,
        "min_child_weight": 1, "lambda": 1, "max_bin": 256, "nthread": args.threads, "seed": 0,
    }
    times = []
    cpu_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        cpu_start = time.process_time()
        # DMatrix construction (quantile sketch) is part of training, as binning is in Gyre's figure.
        dtrain = xgb.DMatrix(x_train, label=y_train, missing=np.nan)
        booster = xgb.train(params, dtrain, num_boost_round=args.rounds)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    auc = roc_auc_score(y_test, booster.predict(xgb.DMatrix(x_test, missing=np.nan)))
    if args.save_model:
        booster.save_model(args.save_model)
    check = None
    if args.check_gyre_model:
        gyre = xgb.Booster()
        gyre.load_model(f"{args.check_gyre_model}/model.json")
        features = test.drop(columns=["churn"]).astype(np.float32)
        theirs = gyre.predict(xgb.DMatrix(features, missing=np.nan))
        check = {"gyre_model_trees": len(gyre.get_dump()), "gyre_model_auc_by_xgboost": round(float(roc_auc_score(y_test, theirs)), 5)}
    print(json.dumps({
        "xgboost_version": xgb.__version__, "params": params, "rounds": args.rounds, "train_file": args.train,
        "test_auc": round(float(auc), 5), "train_seconds_median": round(float(np.median(times)), 4),
        "train_seconds_min": round(float(min(times)), 4), "train_cpu_seconds_median": round(float(np.median(cpu_times)), 4), "repeats": args.repeat, "gyre_model_check": check,
    }))


if __name__ == "__main__":
    main()
