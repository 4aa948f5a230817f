#!/usr/bin/env bash
# Serving benchmark of dynamic batching and the prediction cache: the same setup as run.sh (the peers' model
# served by `gyre serve --model`, server pinned to CPU 1, wrk with 16 connections and 2 threads pinned to
# CPU 0), once per server configuration:
#   off     - no flags (today's path)
#   batch   - --max-batch-size $BATCH_ROWS --max-queue-delay-ms $DELAY_MS
#   cache   - --cache-entries 10000: the bodies files hold 64 and 8 distinct bodies, so after the warm-up
#             every request is a cache hit (this measures the hit path)
# For each, 100-row and single-row workloads, $RUNS runs of $DURATION, medians; plus the server's CPU time
# per request (user + system, from /proc, over the measured runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${GYRE_SHARED_DIR:-../shared}
duration=${DURATION:-20s}
runs=${RUNS:-3}
port=${PORT:-5098}
batch_rows=${BATCH_ROWS:-1024}
delay_ms=${DELAY_MS:-2}
configs=${CONFIGS:-off batch cache}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
ticks=$(getconf CLK_TCK)

dotnet build src/Gyre.Cli -c Release -nologo -v quiet >/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "| config | workload | req/s | rows/s | p50 ms | p90 ms | p99 ms | CPU µs/request | errors |"
echo "|---|---|---|---|---|---|---|---|---|"
for config in $configs; do
  case $config in
    off) flags=() ;;
    batch) flags=(--max-batch-size "$batch_rows" --max-queue-delay-ms "$delay_ms") ;;
    cache) flags=(--cache-entries 10000) ;;
    *) echo "unknown config $config" >&2; exit 2 ;;
  esac
  taskset -c 1 dotnet src/Gyre.Cli/bin/Release/net10.0/gyre.dll serve --model "$shared/benchmarks/serving/model.onnx" \
    --name churn --port "$port" "${flags[@]}" >/tmp/gyre-bench-batching.log 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 0.2; done

  for workload in batch100:mlflow_split_batch100.jsonl:100 single:mlflow_split_single.jsonl:1; do
    IFS=: read -r name file rows <<<"$workload"
    taskset -c 0 wrk -t2 -c16 -d5s -s bench/serving/bodies.lua "http://127.0.0.1:$port" -- "$shared/benchmarks/serving/$file" >/dev/null
    results=()
    before=$(cpu_ticks "$server")
    for _ in $(seq "$runs"); do
      line=$(taskset -c 0 wrk -t2 -c16 -d"$duration" -s bench/serving/bodies.lua "http://127.0.0.1:$port" -- "$shared/benchmarks/serving/$file" | grep '^RESULT')
      results+=("$line")
    done
    cpu=$(( $(cpu_ticks "$server") - before ))
    printf '%s\n' "${results[@]}" | python3 bench/serving/summarize.py "$config" "$name" --rows "$rows" --cpu-seconds "$(python3 -c "print($cpu / $ticks)")"
  done
  if [ "$config" != off ]; then
    curl -s "http://127.0.0.1:$port/metrics" | grep -E '^gyre_(batch_size|batch_rows)_(sum|count)|^gyre_cache_(hits|misses)_total' | sed 's/^/    /' >&2 || true
  fi
  kill "$server"; wait "$server" 2>/dev/null || true
  trap - EXIT
done
