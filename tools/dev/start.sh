#!/usr/bin/env bash
# `npm start`: install if needed, bring up the stack, then build, migrate and run every app.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bash tools/dev/ensure-install.sh
bash tools/stack/stack.sh up
# node --import tsx (not the tsx CLI) keeps one process, so signals reach the runner directly.
exec node --import tsx tools/dev/src/start.ts "$@"
