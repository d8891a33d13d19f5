# PostgreSQL for stack.sh: reach it, start a stopped Debian cluster, or install one; then make sure
# the forecastin database exists with ltree (and PostGIS when the server can have it).

PG_RECORD="$STARTED_DIR/postgres"

pg_reachable() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$HOST" -p "$PG_PORT" -t 2
  else
    port_open "$HOST" "$PG_PORT"
  fi
}

# Prints "<version> <cluster> <status>" of the local Debian cluster configured for PG_PORT, if any.
pg_local_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  local clusters
  clusters="$(pg_lsclusters -h 2>/dev/null)"
  awk -v port="$PG_PORT" '$3 == port { print $1, $2, $4; found = 1; exit } END { exit !found }' <<<"$clusters"
}

pg_ctl_cluster() {
  pg_ctlcluster --skip-systemctl-redirect "$@" >>"$STATE_DIR/postgres.log" 2>&1
}

psql_admin() {
  PGCONNECT_TIMEOUT=5 psql -X -q -At -v ON_ERROR_STOP=1 -h "$HOST" -p "$PG_PORT" -U "$PG_USER" "$@"
}

# A cluster this script just installed only allows peer/password logins; local development (and
# every default DATABASE_URL in the services) connects as postgres over loopback without a password.
pg_trust_loopback() {
  local version="$1" cluster="$2"
  local hba="/etc/postgresql/$version/$cluster/pg_hba.conf"
  [[ -w "$hba" ]] || return 1
  grep -q '^# forecastin stack' "$hba" && return 0
  sed -i '1i # forecastin stack: trust loopback for local development\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
}

pg_start_cluster() {
  local version="$1" cluster="$2"
  pg_ctl_cluster "$version" "$cluster" start || return 1
  wait_until 30 pg_reachable || return 1
  echo "$version $cluster" >"$PG_RECORD"
}

# Prints "<extensions>" on success, or an error text and returns 1.
pg_prepare_database() {
  if ! command -v psql >/dev/null 2>&1; then
    echo "psql is missing, so the database cannot be prepared: install postgresql-client, or create database $DB_NAME with extension ltree yourself"
    return 1
  fi
  local err
  if ! err="$(psql_admin -d postgres -c 'select 1' 2>&1 >/dev/null)"; then
    echo "cannot log in as $PG_USER on $HOST:$PG_PORT (${err%%$'\n'*}); allow trust (or set PGPASSWORD) for loopback"
    return 1
  fi
  if [[ -z "$(psql_admin -d postgres -c "select 1 from pg_database where datname = '$DB_NAME'")" ]]; then
    # A concurrent stack:up may win the race: only fail if the database is still missing afterwards.
    psql_admin -d postgres -c "create database \"$DB_NAME\"" >/dev/null 2>&1 ||
      [[ -n "$(psql_admin -d postgres -c "select 1 from pg_database where datname = '$DB_NAME'")" ]] || {
      echo "could not create database $DB_NAME"
      return 1
    }
  fi
  if ! err="$(pg_create_extension ltree 2>&1)"; then
    echo "could not create extension ltree in $DB_NAME (${err%%$'\n'*}); on Debian it ships with the server package"
    return 1
  fi
  local extensions="ltree"
  if pg_ensure_postgis; then
    extensions="ltree, postgis"
  else
    extensions="ltree; PostGIS not available"
  fi
  echo "$extensions"
}

pg_create_extension() {
  psql_admin -d "$DB_NAME" -c "create extension if not exists $1" >/dev/null 2>&1 ||
    [[ -n "$(psql_admin -d "$DB_NAME" -c "select 1 from pg_extension where extname = '$1'")" ]]
}

pg_extension_available() {
  [[ -n "$(psql_admin -d "$DB_NAME" -c "select 1 from pg_available_extensions where name = '$1'" 2>/dev/null)" ]]
}

# PostGIS is optional: install it only into a local Debian cluster, only when apt can.
pg_ensure_postgis() {
  if ! pg_extension_available postgis; then
    local cluster version
    cluster="$(pg_local_cluster)" || return 1
    version="${cluster%% *}"
    can_apt_install || return 1
    apt_has_candidate "postgresql-$version-postgis-3" || return 1
    # stdout is captured by the caller; progress goes to stderr so a 30 s install is not silent.
    echo "  postgres: installing postgresql-$version-postgis-3 (apt-get, log in .stack/apt.log)..." >&2
    apt_install "postgresql-$version-postgis-3" || return 1
    pg_extension_available postgis || return 1
  fi
  pg_create_extension postgis
}

postgres_up() {
  local how cluster
  if pg_reachable; then
    how="already running"
    [[ -f "$PG_RECORD" ]] && how="already running (started by stack:up)"
  elif cluster="$(pg_local_cluster)"; then
    read -r version name _status <<<"$cluster"
    if ! pg_start_cluster "$version" "$name"; then
      report postgres "cannot: cluster $version/$name did not start (see .stack/postgres.log and /var/log/postgresql/); $COMPOSE_HINT"
      return 1
    fi
    how="started (cluster $version/$name)"
  elif can_apt_install && ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "  postgres: installing postgresql (apt-get, log in .stack/apt.log)..."
    if ! apt_install postgresql || ! cluster="$(pg_local_cluster)"; then
      report postgres "cannot: apt-get install postgresql failed or created no cluster on port $PG_PORT (see .stack/apt.log)"
      return 1
    fi
    read -r version name _status <<<"$cluster"
    pg_trust_loopback "$version" "$name"
    # Debian's postinst may already have started it (then a reload picks up pg_hba).
    if pg_reachable; then
      pg_ctl_cluster "$version" "$name" reload
      echo "$version $name" >"$PG_RECORD"
    elif ! pg_start_cluster "$version" "$name"; then
      report postgres "cannot: installed, but cluster $version/$name did not start (see /var/log/postgresql/)"
      return 1
    fi
    how="installed + started (cluster $version/$name)"
  else
    report postgres "cannot: nothing answers on $HOST:$PG_PORT. Run as root on Debian/Ubuntu to install it, or: sudo apt-get install -y postgresql && sudo pg_ctlcluster 15 main start (trust auth for 127.0.0.1); $COMPOSE_HINT"
    return 1
  fi
  local prepared
  if ! prepared="$(pg_prepare_database)"; then
    report postgres "$how on $HOST:$PG_PORT, but $prepared"
    return 1
  fi
  report postgres "$how on $HOST:$PG_PORT; database $DB_NAME ready ($prepared)"
}

postgres_status() {
  if ! pg_reachable; then
    report postgres "down: nothing answers on $HOST:$PG_PORT (npm run stack:up)"
    return 1
  fi
  local owner="running"
  [[ -f "$PG_RECORD" ]] && owner="running (started by stack:up)"
  if ! command -v psql >/dev/null 2>&1; then
    report postgres "$owner on $HOST:$PG_PORT; database not checked (psql missing)"
    return 0
  fi
  local extensions
  extensions="$(psql_admin -d "$DB_NAME" -c "select string_agg(extname, ', ' order by extname) from pg_extension where extname in ('ltree', 'postgis')" 2>/dev/null)"
  if [[ "$extensions" != *ltree* ]]; then
    report postgres "$owner on $HOST:$PG_PORT; database $DB_NAME missing or without ltree (npm run stack:up)"
    return 1
  fi
  report postgres "$owner on $HOST:$PG_PORT; database $DB_NAME ($extensions)"
}

postgres_down() {
  if [[ ! -f "$PG_RECORD" ]]; then
    report postgres "left running (not started by stack:up)"
    return 0
  fi
  local version name
  read -r version name <"$PG_RECORD"
  if pg_ctl_cluster "$version" "$name" stop; then
    rm -f "$PG_RECORD"
    report postgres "stopped (cluster $version/$name)"
  else
    report postgres "could not stop cluster $version/$name (see .stack/postgres.log)"
  fi
}
