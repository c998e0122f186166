#!/usr/bin/env bash
# Install the Ambacht tracker on a Debian 12 server (or Ubuntu 22.04+).
#
#   sudo deploy/server/install.sh [--source DIR|WHEEL]
#
#   --source   what to install: an Ambacht checkout (default: the one holding this script)
#              or a wheel file
#
# Installs ambacht[server] in a virtualenv in /opt/ambacht made with Debian's own Python
# (/usr/bin/python3, whatever python3 comes first on root's PATH), a system user ambacht,
# the units ambacht.service and ambacht-backup.{service,timer}, the backup script, the admin
# wrapper /usr/local/sbin/ambacht, and the commented settings /etc/ambacht/ambacht.env
# (an existing one is kept). Run it again to upgrade: once the settings are filled in, it
# restarts the tracker, and the restart migrates the database.
# PostgreSQL, Mosquitto and Caddy are set up by hand: see deploy/README.md.
set -euo pipefail

PREFIX=/opt/ambacht
CONF_DIR=/etc/ambacht
UNIT_DIR=/etc/systemd/system
LIB_DIR=/usr/local/lib/ambacht
SBIN_DIR=/usr/local/sbin
BACKUP_DIR=/var/backups/ambacht
SERVICE_USER=ambacht
# The system's Python, not the first python3 on root's PATH (a pyenv or conda one lives in
# root's home, where the service user cannot run it).
PYTHON=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "install.sh: $*" >&2; exit 1; }
source="$(cd "$here/../.." && pwd)"
while [ $# -gt 0 ]; do
    case "$1" in
        --source) source="${2:?--source needs a folder or wheel}"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[ "$(id -u)" = 0 ] || die "run as root: sudo $0"
[ -e "$source" ] || die "no such source: $source"

# Only values count: a commented-out example line (#AMBACHT_FEED_HTTP_TOKEN=CHANGE-ME-...)
# is no setting left to fill in.
unconfigured() { grep -Eq '^[[:space:]]*[A-Za-z_][A-Za-z0-9_]*=.*CHANGE-ME' "$1"; }
as_service_user() { (cd / && runuser -u "$SERVICE_USER" -- "$@"); }

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
    || die "$PYTHON 3.11 or newer is needed (Debian 12 has it: apt install python3)"
need=()
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v pg_dump >/dev/null || need+=(postgresql-client)  # backups of a PostgreSQL database
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! id "$SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/ambacht --no-create-home \
        --shell /usr/sbin/nologin "$SERVICE_USER"
fi

# A venv whose interpreter the service user cannot run (made by an earlier run with another
# Python) is made again; everything in it is reinstalled below anyway.
if [ -e "$PREFIX" ] && ! as_service_user "$PREFIX/bin/python" -c '' 2>/dev/null; then
    echo "$PREFIX: user $SERVICE_USER cannot run its Python; making it again"
    rm -rf "$PREFIX"
fi
[ -x "$PREFIX/bin/python" ] || "$PYTHON" -m venv "$PREFIX"
"$PREFIX/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
# A checkout is built from a clean copy: setuptools leaves build/ in the tree, and a stale
# build/ of a newer version would bring its files (migrations!) into an older one's wheel.
if [ -d "$source" ]; then
    clean=$(mktemp -d)
    trap 'rm -rf "$clean"' EXIT
    tar -C "$source" --exclude=./.git --exclude=./build --exclude=./.venv \
        --exclude='./*.egg-info' -cf - . | tar -C "$clean" -xf -
    source="$clean"
fi
"$PREFIX/bin/python" -m pip install -q --disable-pip-version-check --upgrade "${source}[server]"
# Checked as the service runs it: as its user, from a folder of its own.
version=$(as_service_user "$PREFIX/bin/ambacht" --version) \
    || die "$PREFIX/bin/ambacht does not run as user $SERVICE_USER"
echo "installed $version in $PREFIX"

install -m 0644 "$here/ambacht.service" "$here/ambacht-backup.service" \
    "$here/ambacht-backup.timer" "$UNIT_DIR/"
install -d -m 0755 "$LIB_DIR"
install -m 0755 "$here/ambacht-backup" "$LIB_DIR/ambacht-backup"
install -m 0755 "$here/ambacht-admin" "$SBIN_DIR/ambacht"
install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_USER" "$BACKUP_DIR" /var/lib/ambacht
install -d -m 0755 "$CONF_DIR"
if [ -e "$CONF_DIR/ambacht.env" ]; then
    echo "keeping $CONF_DIR/ambacht.env"
else
    install -m 0640 -o root -g "$SERVICE_USER" "$here/ambacht.env" "$CONF_DIR/ambacht.env"
    echo "wrote $CONF_DIR/ambacht.env"
fi

systemctl daemon-reload
systemctl enable ambacht.service ambacht-backup.timer >/dev/null
systemctl start ambacht-backup.timer
if unconfigured "$CONF_DIR/ambacht.env"; then
    echo
    echo "Next: fill in the CHANGE-ME values in $CONF_DIR/ambacht.env (deploy/README.md), then"
    echo "  systemctl start ambacht && journalctl -fu ambacht"
else
    systemctl restart ambacht.service
    echo "ambacht restarted; it migrates the database as it starts. Check that $version runs:"
    echo "  journalctl -u ambacht -n 20 | grep 'Ambacht '"
fi
