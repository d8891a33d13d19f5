#!/usr/bin/env bash
# Makes node_modules match package-lock.json before `npm start` / `npm test` use anything in it.
# Bash only: this is what runs right after `git clone`, before node_modules exists.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v node >/dev/null 2>&1; then
  echo "install: Node.js >= 20.19 is required and 'node' is not on PATH" >&2
  exit 1
fi
if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)'; then
  echo "install: Node.js >= 20.19 is required (NestJS 12 and jose load through require(esm)); found $(node --version)" >&2
  exit 1
fi

# npm rewrites node_modules/.package-lock.json on every install, after package-lock.json, so a
# lockfile newer than it means someone pulled or edited dependencies since the last install.
reason=""
if [[ ! -d node_modules ]]; then
  reason="node_modules is missing"
elif [[ ! -f node_modules/.package-lock.json ]]; then
  reason="node_modules has no record of an install"
elif [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  reason="package-lock.json changed since the last install"
fi

if [[ -z "$reason" ]]; then
  echo "install: node_modules is up to date"
elif [[ "${FORECASTIN_SKIP_INSTALL:-0}" == 1 ]]; then
  echo "install: $reason, but FORECASTIN_SKIP_INSTALL=1: not running npm ci"
else
  echo "install: $reason: running npm ci"
  started=$SECONDS
  # npm ci refuses a lockfile that lacks other platforms' optional binaries (@swc/core-darwin-*,
  # @nx/nx-win32-*, ...), which happens when the registry in use does not serve them; npm install
  # installs the same locked versions without that check, and --no-save leaves the lockfile alone.
  if ! npm ci --no-audit --no-fund; then
    echo "install: npm ci failed (output above); retrying with npm install --no-save from the same lockfile"
    npm install --no-audit --no-fund --no-save
  fi
  echo "install: done in $((SECONDS - started)) s"
fi
