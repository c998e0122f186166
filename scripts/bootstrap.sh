#!/usr/bin/env bash
# Prepare this machine for Ambacht: system packages (when root) and a virtualenv in .venv.
# Usage: scripts/bootstrap.sh [server|test]   (default: test = everything the suite needs)
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-test}"

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have mosquitto || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
if [ "$profile" = test ]; then
    have socat || need+=(socat)
    have chromium || [ -x /usr/bin/chromium ] || need+=(chromium)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
    # tests/deploy: test certificates, the reverse proxy, shell script lint
    # (systemd-analyze comes with systemd; those tests skip without it)
    have openssl || need+=(openssl)
    have caddy || need+=(caddy)
    have shellcheck || need+=(shellcheck)
fi
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && have apt-get; then
        echo "ambacht: installing ${need[*]} (apt-get)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "ambacht: missing system packages: ${need[*]}" >&2
        echo "         install them with: sudo apt-get install ${need[*]}" >&2
        [ "$profile" = test ] && exit 1
    fi
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "ambacht: Python 3.11 or newer is needed ($python is $("$python" -V 2>&1))" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv || { echo "ambacht: cannot create a virtualenv; install python3-venv" >&2; exit 1; }
fi
stamp=".venv/.installed-$profile"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -U pip
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[$([ "$profile" = test ] && echo test || echo server,demo)]"
    touch "$stamp"
fi
