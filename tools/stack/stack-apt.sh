# Debian package installs for stack.sh: only as root, only with apt-get, never prompting.

APT_UPDATED=0

can_apt_install() {
  [[ "${FORECASTIN_STACK_NO_INSTALL:-0}" != 1 ]] && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1
}

# apt_install <packages...>: `apt-get update` once per run, then a quiet non-interactive install.
# Output goes to .stack/apt.log so the three report lines stay readable.
apt_install() {
  mkdir -p "$STATE_DIR"
  local log="$STATE_DIR/apt.log"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=300)
  if ((APT_UPDATED == 0)); then
    "${apt[@]}" update >>"$log" 2>&1 || return 1
    APT_UPDATED=1
  fi
  "${apt[@]}" install --no-install-recommends "$@" >>"$log" 2>&1
}

# True when Debian can install <package> (after one update), without installing it.
apt_has_candidate() {
  if ((APT_UPDATED == 0)); then
    env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=300 update >>"$STATE_DIR/apt.log" 2>&1 || return 1
    APT_UPDATED=1
  fi
  local policy
  policy="$(apt-cache policy "$1" 2>/dev/null)"
  [[ "$policy" =~ Candidate:\ [0-9] ]]
}
