#!/usr/bin/env bash
# `npm test` (and CI): install if needed, bring up the stack, then every Nx target and one summary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash tools/dev/ensure-install.sh
if ! bash tools/stack/stack.sh up; then
  echo "test: the stack is not usable (see above); medium and e2e tests need Postgres, Redis and NATS" >&2
  exit 1
fi
# The stack's connection settings (non-default ports) reach every test, unless already set.
while IFS='=' read -r key value; do
  if [[ -n "$key" && -z "${!key:-}" ]]; then export "$key=$value"; fi
done <.stack/env
exec node --import tsx tools/ci/src/run-tests.ts "$@"
