# Redis for stack.sh. When this script starts it, it runs as a daemon with its pid, log and (empty)
# working directory under .stack/, keeping nothing on disk, like the machine's own.

REDIS_RECORD="$STARTED_DIR/redis"

redis_start() {
  mkdir -p "$STATE_DIR/redis"
  redis-server --daemonize yes --bind "$HOST" --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$STATE_DIR/redis" --pidfile "$STATE_DIR/redis/redis.pid" --logfile "$STATE_DIR/redis/redis.log" >/dev/null 2>&1 ||
    return 1
  wait_until 10 redis_answers || return 1
  wait_until 5 test -s "$STATE_DIR/redis/redis.pid" || return 1
  cp "$STATE_DIR/redis/redis.pid" "$REDIS_RECORD"
}

redis_answers() {
  [[ "$(redis_reply "$HOST" "$REDIS_PORT")" == "+PONG" ]]
}

# Describes what answers on the port when it is not a usable Redis.
redis_problem() {
  local reply
  reply="$(redis_reply "$HOST" "$REDIS_PORT")"
  if [[ -z "$reply" ]]; then
    echo "nothing answers PING on $HOST:$REDIS_PORT"
  else
    echo "$HOST:$REDIS_PORT answers PING with '$reply' (the services expect no password: set REDIS_URL)"
  fi
}

redis_up() {
  local how
  if redis_answers; then
    how="already running"
    [[ -f "$REDIS_RECORD" ]] && how="already running (started by stack:up)"
  elif port_open "$HOST" "$REDIS_PORT"; then
    report redis "cannot: $(redis_problem)"
    return 1
  elif command -v redis-server >/dev/null 2>&1; then
    redis_start || {
      report redis "cannot: redis-server did not start (see .stack/redis/redis.log)"
      return 1
    }
    how="started"
  elif can_apt_install; then
    echo "  redis:    installing redis-server (apt-get, log in .stack/apt.log)..."
    # Debian's postinst may start its own service on 6379; use it when it answers on our port.
    if ! apt_install redis-server; then
      report redis "cannot: apt-get install redis-server failed (see .stack/apt.log)"
      return 1
    fi
    if ! redis_answers && ! redis_start; then
      report redis "cannot: installed, but redis-server did not start (see .stack/redis/redis.log)"
      return 1
    fi
    how="installed + started"
  else
    report redis "cannot: nothing answers on $HOST:$REDIS_PORT. Run as root on Debian/Ubuntu to install it, or: sudo apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly no; $COMPOSE_HINT"
    return 1
  fi
  report redis "$how on $HOST:$REDIS_PORT"
}

redis_status() {
  if redis_answers; then
    local owner="running"
    [[ -f "$REDIS_RECORD" ]] && owner="running (started by stack:up)"
    report redis "$owner on $HOST:$REDIS_PORT"
  else
    report redis "down: $(redis_problem) (npm run stack:up)"
    return 1
  fi
}

redis_down() {
  if [[ ! -f "$REDIS_RECORD" ]]; then
    report redis "left running (not started by stack:up)"
    return 0
  fi
  stop_pid "$(cat "$REDIS_RECORD")" redis-server
  rm -f "$REDIS_RECORD"
  report redis "stopped"
}
