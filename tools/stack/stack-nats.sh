# NATS for stack.sh. The services need JetStream (the EVENTS stream), so a server without it is
# reported as unusable instead of trusted. When this script starts NATS, its JetStream store, pid
# and log live under .stack/nats/ and the monitoring endpoint is on FORECASTIN_NATS_MONITOR_PORT.

NATS_RECORD="$STARTED_DIR/nats"

nats_has_jetstream() {
  [[ "$(nats_info "$HOST" "$NATS_PORT")" == *'"jetstream":true'* ]]
}

nats_answers() {
  [[ "$(nats_info "$HOST" "$NATS_PORT")" == INFO* ]]
}

nats_start() {
  local dir="$STATE_DIR/nats"
  mkdir -p "$dir/jetstream"
  local args=(-a "$HOST" -p "$NATS_PORT" -js -sd "$dir/jetstream" -P "$dir/nats.pid" -l "$dir/nats.log")
  port_open "$HOST" "$NATS_MONITOR_PORT" || args+=(-m "$NATS_MONITOR_PORT")
  setsid nats-server "${args[@]}" </dev/null >/dev/null 2>&1 &
  wait_until 10 nats_has_jetstream || return 1
  wait_until 5 test -s "$dir/nats.pid" || return 1
  cp "$dir/nats.pid" "$NATS_RECORD"
}

nats_jetstream_note() {
  # The monitoring endpoint (only when we started NATS) also says how much storage JetStream has.
  if [[ -f "$NATS_RECORD" ]] && command -v curl >/dev/null 2>&1 &&
    [[ "$(curl -fsS -m 2 "http://$HOST:$NATS_MONITOR_PORT/jsz" 2>/dev/null)" == *'"config"'* ]]; then
    echo "JetStream on (monitoring on :$NATS_MONITOR_PORT)"
  else
    echo "JetStream on"
  fi
}

nats_up() {
  local how
  if nats_answers; then
    if ! nats_has_jetstream; then
      report nats "cannot: the NATS server on $HOST:$NATS_PORT runs without JetStream; restart it with -js -sd <dir>"
      return 1
    fi
    how="already running"
    [[ -f "$NATS_RECORD" ]] && how="already running (started by stack:up)"
  elif port_open "$HOST" "$NATS_PORT"; then
    report nats "cannot: something that is not NATS listens on $HOST:$NATS_PORT (set FORECASTIN_NATS_PORT)"
    return 1
  elif command -v nats-server >/dev/null 2>&1; then
    nats_start || {
      report nats "cannot: nats-server did not start with JetStream (see .stack/nats/nats.log)"
      return 1
    }
    how="started"
  elif can_apt_install; then
    echo "  nats:     installing nats-server (apt-get, log in .stack/apt.log)..."
    if ! apt_install nats-server; then
      report nats "cannot: apt-get install nats-server failed (see .stack/apt.log)"
      return 1
    fi
    if nats_has_jetstream; then
      how="installed (its service was already running)"
    elif nats_start; then
      how="installed + started"
    else
      report nats "cannot: installed, but nats-server did not start with JetStream (see .stack/nats/nats.log)"
      return 1
    fi
  else
    report nats "cannot: nothing answers on $HOST:$NATS_PORT. Run as root on Debian/Ubuntu to install it, or: sudo apt-get install -y nats-server && nats-server -a 127.0.0.1 -p $NATS_PORT -js -sd /tmp/nats &; $COMPOSE_HINT"
    return 1
  fi
  report nats "$how on $HOST:$NATS_PORT; $(nats_jetstream_note)"
}

nats_status() {
  if ! nats_answers; then
    report nats "down: nothing answers on $HOST:$NATS_PORT (npm run stack:up)"
    return 1
  fi
  if ! nats_has_jetstream; then
    report nats "running on $HOST:$NATS_PORT but WITHOUT JetStream (restart it with -js)"
    return 1
  fi
  local owner="running"
  [[ -f "$NATS_RECORD" ]] && owner="running (started by stack:up)"
  report nats "$owner on $HOST:$NATS_PORT; $(nats_jetstream_note)"
}

nats_down() {
  if [[ ! -f "$NATS_RECORD" ]]; then
    report nats "left running (not started by stack:up)"
    return 0
  fi
  stop_pid "$(cat "$NATS_RECORD")" nats-server
  rm -f "$NATS_RECORD"
  report nats "stopped"
}
