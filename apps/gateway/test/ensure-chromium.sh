#!/usr/bin/env bash
# Installs Debian's chromium for the docs page e2e test when it is missing (about 40 s with apt-get update).
# Fails loudly when it cannot: the test must not skip silently.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "chromium is missing and only root can install it: apt-get install chromium" >&2; exit 1; fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
test -x /usr/bin/chromium
