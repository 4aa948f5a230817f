#!/usr/bin/env bash
# Installs what the tests need and a fresh machine lacks. Idempotent; quiet when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need_apt+=(postgresql-15)
[ -f /usr/include/onnx/onnx.proto ] || need_apt+=(libonnx-dev)
[ -d /usr/share/libonnx-testdata/data ] || need_apt+=(libonnx-testdata)
[ -x /usr/bin/prometheus ] || need_apt+=(prometheus)
command -v curl >/dev/null || need_apt+=(curl)
command -v python3 >/dev/null || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "missing Debian packages: ${need_apt[*]} (run as root or install them)"; exit 1
  fi
fi

# npm tools (s3rver for S3 tests, the mlflow JS client for compatibility tests) live in .tools/.
if [ -f scripts/test-tools/package.json ]; then
  mkdir -p .tools
  if [ ! -d .tools/node_modules ] || [ scripts/test-tools/package.json -nt .tools/node_modules ]; then
    cp scripts/test-tools/package.json .tools/package.json
    [ -f scripts/test-tools/package-lock.json ] && cp scripts/test-tools/package-lock.json .tools/
    (cd .tools && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    touch .tools/node_modules
  fi
fi
