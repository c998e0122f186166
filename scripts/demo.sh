#!/usr/bin/env bash
# The whole system on this machine: broker, tracker (SQLite), a simulated scale read by the real gateway.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh server
exec .venv/bin/ambacht demo "$@"
