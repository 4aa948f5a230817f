#!/usr/bin/env bash
# Runs Gyre's whole test suite on a fresh machine: installs the real servers the tests use
# (PostgreSQL, s3rver, ...) when they are missing, builds, tests, and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install-test-deps.sh || { echo "installing test dependencies failed"; echo "0 passed, 1 failed"; exit 1; }

results=TestResults
rm -rf "$results"
if ! dotnet build Gyre.sln -c Release -nologo -v quiet; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi
# One trx per test project, named after it, so the counts below add up every project.
status=0
pids=()
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo -v quiet \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" &
  pids+=($!)
  # two projects at a time: the machine has two cores
  if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi  # a crashed test host counts as a failure
echo "$passed passed, $failed failed"
exit $status
