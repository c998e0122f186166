#!/usr/bin/env bash
# Install the Ambacht scale gateway on a Raspberry Pi (Raspberry Pi OS / Debian 12).
#
#   sudo deploy/gateway/install.sh SCALE_ID [--device /dev/ttyUSB0] [--source DIR|WHEEL]
#
#   SCALE_ID   the scale's id, e.g. milieustraat-1: the service is ambacht-gateway@SCALE_ID
#   --device   the scale's serial adapter as it is plugged in now: writes a udev rule that
#              names it /dev/ambacht-scale-SCALE_ID, whatever ttyUSBn it gets later
#   --source   what to install: an Ambacht checkout (default: the one holding this script)
#              or a wheel file
#
# Installs ambacht[gateway] in a virtualenv in /opt/ambacht-gateway, a system user
# ambacht-gateway (member of dialout), the systemd unit, and the commented config file
# /etc/ambacht/gateway-SCALE_ID.conf (an existing one is kept). Run it again to upgrade.
set -euo pipefail

PREFIX=/opt/ambacht-gateway
CONF_DIR=/etc/ambacht
UNIT_DIR=/etc/systemd/system
RULES_DIR=/etc/udev/rules.d
SERVICE_USER=ambacht-gateway
# The system's Python, not the first python3 on root's PATH (see deploy/server/install.sh).
PYTHON=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "install.sh: $*" >&2; exit 1; }
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

scale="" device="" source="$(cd "$here/../.." && pwd)"
while [ $# -gt 0 ]; do
    case "$1" in
        --device) device="${2:?--device needs a path}"; shift 2 ;;
        --source) source="${2:?--source needs a folder or wheel}"; shift 2 ;;
        -h|--help) usage ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [ -z "$scale" ] || die "one scale id only"; scale="$1"; shift ;;
    esac
done
[ -n "$scale" ] || usage
[[ "$scale" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] \
    || die "scale id '$scale' may only hold letters, digits, '.', '_' and '-'"
[ "$(id -u)" = 0 ] || die "run as root: sudo $0 $*"
[ -e "$source" ] || die "no such source: $source"
[ -z "$device" ] || [ -e "$device" ] || die "no such device: $device (is the adapter plugged in?)"
# Only values count: a commented-out example line is nothing left to fill in.
unconfigured() { grep -Eq '^[[:space:]]*[A-Za-z_][A-Za-z0-9_]*=.*CHANGE-ME' "$1"; }
as_service_user() { (cd / && runuser -u "$SERVICE_USER" -- "$@"); }

# --- the adapter, before anything is changed -------------------------------------------
# What udev knows of it decides the rule; an adapter it cannot name stops the install here.
rule_line=""
if [ -n "$device" ]; then
    props=$(udevadm info --query=property --name="$device" 2>/dev/null) || props=""
    prop() { sed -n "s/^$1=//p" <<<"$props"; }
    vendor=$(prop ID_VENDOR_ID) model=$(prop ID_MODEL_ID) serial=$(prop ID_SERIAL_SHORT)
    path=$(prop ID_PATH)
    common="SYMLINK+=\"ambacht-scale-$scale\", GROUP=\"dialout\", MODE=\"0660\", ENV{ID_MM_DEVICE_IGNORE}=\"1\""
    if [ -n "$vendor" ] && [ -n "$model" ] && [ -n "$serial" ]; then
        rule_line="SUBSYSTEM==\"tty\", ENV{ID_VENDOR_ID}==\"$vendor\", ENV{ID_MODEL_ID}==\"$model\", ENV{ID_SERIAL_SHORT}==\"$serial\", $common"
    elif [ -n "$path" ]; then
        rule_line="# This adapter has no serial number: it is matched by its USB port; keep it there.
SUBSYSTEM==\"tty\", ENV{ID_PATH}==\"$path\", $common"
    else
        die "udev knows neither a USB serial number nor a port for $device: nothing was installed; write the rule by hand (deploy/gateway/99-ambacht-scale.rules) or run again without --device"
    fi
fi

# --- Python 3.11+ and venv -------------------------------------------------------------
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
    || die "$PYTHON 3.11 or newer is needed (Raspberry Pi OS 12 'bookworm' has it)"
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    echo "installing python3-venv"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi

# --- user --------------------------------------------------------------------------------
if ! id "$SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin --groups dialout "$SERVICE_USER"
fi

# --- the gateway in its own virtualenv ------------------------------------------------------
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
"$PREFIX/bin/python" -m pip install -q --disable-pip-version-check --upgrade "${source}[gateway]"
version=$(as_service_user "$PREFIX/bin/ambacht-gateway" --version) \
    || die "$PREFIX/bin/ambacht-gateway does not run as user $SERVICE_USER"
echo "installed $version in $PREFIX"

# --- systemd unit and config ------------------------------------------------------------
install -m 0644 "$here/ambacht-gateway@.service" "$UNIT_DIR/ambacht-gateway@.service"
install -d -m 0755 "$CONF_DIR"
config="$CONF_DIR/gateway-$scale.conf"
if [ -e "$config" ]; then
    echo "keeping $config"
else
    tmp=$(mktemp)
    sed "s/CHANGE-ME-SCALE/$scale/g" "$here/gateway.conf" > "$tmp"
    install -m 0600 -o root -g root "$tmp" "$config"
    rm -f "$tmp"
    echo "wrote $config"
fi

# --- udev rule for the adapter ------------------------------------------------------------
if [ -n "$rule_line" ]; then
    rule="$RULES_DIR/99-ambacht-scale-$scale.rules"
    printf '# Written by deploy/gateway/install.sh for scale %s (see 99-ambacht-scale.rules).\n%s\n' \
        "$scale" "$rule_line" > "$rule"
    udevadm control --reload
    udevadm trigger --subsystem-match=tty --action=add
    echo "wrote $rule: the scale is /dev/ambacht-scale-$scale"
fi

# --- enable -----------------------------------------------------------------------------
systemctl daemon-reload
systemctl enable "ambacht-gateway@$scale.service" >/dev/null
if unconfigured "$config"; then
    echo
    echo "Next: fill in the CHANGE-ME values in $config, then"
    echo "  systemctl start ambacht-gateway@$scale"
    echo "  journalctl -fu ambacht-gateway@$scale"
else
    systemctl restart "ambacht-gateway@$scale.service"
    echo "ambacht-gateway@$scale (re)started: journalctl -fu ambacht-gateway@$scale"
fi
