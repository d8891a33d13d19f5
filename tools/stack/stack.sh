#!/usr/bin/env bash
# Brings up (or reports, or stops) the three backing services Forecastin needs on this machine:
# PostgreSQL (+ ltree, + PostGIS when installable), Redis and NATS with JetStream.
#
#   stack.sh up      use what runs, start what is installed but stopped, install what is missing (root + apt)
#   stack.sh status  one line per dependency; exit 1 when any is unusable
#   stack.sh down    stop only what `up` started (recorded under .stack/started/)
#
# Bash and the usual Debian tools only: it runs before node_modules exists.
# Ports and names are overridable: FORECASTIN_PG_PORT, FORECASTIN_PG_USER, FORECASTIN_DB_NAME,
# FORECASTIN_REDIS_PORT, FORECASTIN_NATS_PORT, FORECASTIN_NATS_MONITOR_PORT, FORECASTIN_STACK_NO_INSTALL=1.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="${FORECASTIN_STACK_DIR:-$ROOT/.stack}"
STARTED_DIR="$STATE_DIR/started"
HOST=127.0.0.1
PG_PORT="${FORECASTIN_PG_PORT:-5432}"
PG_USER="${FORECASTIN_PG_USER:-postgres}"
DB_NAME="${FORECASTIN_DB_NAME:-forecastin}"
REDIS_PORT="${FORECASTIN_REDIS_PORT:-6379}"
NATS_PORT="${FORECASTIN_NATS_PORT:-4222}"
NATS_MONITOR_PORT="${FORECASTIN_NATS_MONITOR_PORT:-8222}"
COMPOSE_HINT="or, with Docker: docker compose up -d postgres redis nats"

# shellcheck source=tools/stack/stack-probes.sh
source "$ROOT/tools/stack/stack-probes.sh"
# shellcheck source=tools/stack/stack-apt.sh
source "$ROOT/tools/stack/stack-apt.sh"
# shellcheck source=tools/stack/stack-postgres.sh
source "$ROOT/tools/stack/stack-postgres.sh"
# shellcheck source=tools/stack/stack-redis.sh
source "$ROOT/tools/stack/stack-redis.sh"
# shellcheck source=tools/stack/stack-nats.sh
source "$ROOT/tools/stack/stack-nats.sh"

# One clear line per dependency, aligned so the three read as a table.
report() { printf '  %-9s %s\n' "$1:" "$2"; }

write_env_file() {
  mkdir -p "$STATE_DIR"
  cat >"$STATE_DIR/env" <<EOF
DATABASE_URL=postgres://$PG_USER@$HOST:$PG_PORT/$DB_NAME
REDIS_URL=redis://$HOST:$REDIS_PORT
NATS_URL=nats://$HOST:$NATS_PORT
EOF
}

cmd_up() {
  mkdir -p "$STARTED_DIR"
  echo "stack: bringing up postgres, redis, nats on $HOST"
  local failed=0
  postgres_up || failed=1
  redis_up || failed=1
  nats_up || failed=1
  write_env_file
  if ((failed)); then
    echo "stack: not ready (see the lines above); connection settings written to .stack/env"
    return 1
  fi
  echo "stack: ready (connection settings in .stack/env)"
}

cmd_status() {
  local failed=0
  postgres_status || failed=1
  redis_status || failed=1
  nats_status || failed=1
  return "$failed"
}

cmd_down() {
  postgres_down
  redis_down
  nats_down
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  down) cmd_down ;;
  *)
    echo "usage: $0 up|status|down" >&2
    exit 2
    ;;
esac
