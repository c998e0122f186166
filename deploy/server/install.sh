#!/usr/bin/env bash
# Install the Ambacht tracker on a Debian 12 server (or Ubuntu 22.04+).
#
#   sudo deploy/server/install.sh [--source DIR|WHEEL]
#
#   --source   what to install: an Ambacht checkout (default: the one holding this script)
#              or a wheel file
#
# Installs ambacht[server] in a virtualenv in /opt/ambacht, a system user ambacht, the
# units ambacht.service and ambacht-backup.{service,timer}, the backup script, the admin
# wrapper /usr/local/sbin/ambacht, and the commented settings /etc/ambacht/ambacht.env
# (an existing one is kept). Run it again to upgrade: the restart migrates the database.
# PostgreSQL, Mosquitto and Caddy are set up by hand: see deploy/README.md.
set -euo pipefail

PREFIX=/opt/ambacht
CONF_DIR=/etc/ambacht
UNIT_DIR=/etc/systemd/system
LIB_DIR=/usr/local/lib/ambacht
SBIN_DIR=/usr/local/sbin
BACKUP_DIR=/var/backups/ambacht
SERVICE_USER=ambacht
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "install.sh: $*" >&2; exit 1; }
source="$(cd "$here/../.." && pwd)"
while [ $# -gt 0 ]; do
    case "$1" in
        --source) source="${2:?--source needs a folder or wheel}"; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[ "$(id -u)" = 0 ] || die "run as root: sudo $0"
[ -e "$source" ] || die "no such source: $source"

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
    || die "Python 3.11 or newer is needed (Debian 12 has it)"
need=()
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v pg_dump >/dev/null || need+=(postgresql-client)  # backups of a PostgreSQL database
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! id "$SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/ambacht --no-create-home \
        --shell /usr/sbin/nologin "$SERVICE_USER"
fi

[ -x "$PREFIX/bin/python" ] || python3 -m venv "$PREFIX"
"$PREFIX/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$PREFIX/bin/python" -m pip install -q --disable-pip-version-check --upgrade "${source}[server]"
"$PREFIX/bin/ambacht" --help >/dev/null

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
if grep -q 'CHANGE-ME' "$CONF_DIR/ambacht.env"; then
    echo
    echo "Next: fill in the CHANGE-ME values in $CONF_DIR/ambacht.env (deploy/README.md), then"
    echo "  systemctl start ambacht && journalctl -fu ambacht"
else
    systemctl restart ambacht.service
    echo "ambacht restarted (database migrated): journalctl -fu ambacht"
fi
