# Dependency-free network probes (bash /dev/tcp), sourced by stack.sh.

# True when something accepts TCP connections on host:port.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# Prints the first reply line of a Redis server to PING ("+PONG", "-NOAUTH ...") or nothing.
redis_reply() {
  timeout 3 bash -c '
    exec 3<>/dev/tcp/$0/$1 || exit 1
    printf "PING\r\n" >&3
    IFS= read -r -t 2 line <&3 || exit 1
    printf "%s" "${line%$'"'"'\r'"'"'}"
  ' "$1" "$2" 2>/dev/null
}

# Prints the INFO line a NATS server sends on connect, or nothing. INFO carries "jetstream":true
# when JetStream is enabled, which makes this a real JetStream check without a client library.
nats_info() {
  timeout 3 bash -c '
    exec 3<>/dev/tcp/$0/$1 || exit 1
    IFS= read -r -t 2 line <&3 || exit 1
    printf "%s" "$line"
  ' "$1" "$2" 2>/dev/null
}

# wait_until <seconds> <command...>: polls every 0.25 s.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS >= deadline)) && return 1
    sleep 0.25
  done
}

# True when <pid> is alive and its command line contains <name>, so a recycled pid is never killed.
pid_is() {
  local pid="$1" name="$2"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  [[ "$cmdline" == *"$name"* ]]
}

# stop_pid <pid> <name>: SIGTERM, wait up to 10 s, then SIGKILL.
stop_pid() {
  local pid="$1" name="$2"
  pid_is "$pid" "$name" || return 0
  kill -TERM "$pid" 2>/dev/null
  if ! wait_until 10 bash -c "! kill -0 $pid 2>/dev/null"; then
    kill -KILL "$pid" 2>/dev/null
  fi
}
