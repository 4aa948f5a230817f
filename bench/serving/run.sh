#!/usr/bin/env bash
# Serving benchmark, set up as ../shared/benchmarks/serving.md describes the peers' runs: the peers'
# model served by `gyre serve --model`, the server pinned to CPU 1, wrk (16 connections, 2 threads)
# pinned to CPU 0, 3 runs of 20 s per workload; prints a Markdown table of the medians.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${GYRE_SHARED_DIR:-../shared}
duration=${DURATION:-20s}
runs=${RUNS:-3}
port=${PORT:-5097}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }

dotnet build src/Gyre.Cli -c Release -nologo -v quiet >/dev/null
taskset -c 1 dotnet src/Gyre.Cli/bin/Release/net10.0/gyre.dll serve --model "$shared/benchmarks/serving/model.onnx" \
  --name churn --port "$port" >/tmp/gyre-bench-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 0.2; done

echo "| workload | req/s | rows/s | p50 ms | p90 ms | p99 ms | errors |"
echo "|---|---|---|---|---|---|---|"
for workload in single:mlflow_split_single.jsonl:1 batch100:mlflow_split_batch100.jsonl:100; do
  IFS=: read -r name file rows <<<"$workload"
  # warm-up: JIT, tiered compilation
  taskset -c 0 wrk -t2 -c16 -d5s -s bench/serving/bodies.lua "http://127.0.0.1:$port" -- "$shared/benchmarks/serving/$file" >/dev/null
  results=()
  for _ in $(seq "$runs"); do
    line=$(taskset -c 0 wrk -t2 -c16 -d"$duration" -s bench/serving/bodies.lua "http://127.0.0.1:$port" -- "$shared/benchmarks/serving/$file" | grep '^RESULT')
    results+=("$line")
  done
  printf '%s\n' "${results[@]}" | python3 bench/serving/summarize.py "$name" --rows "$rows"
done
