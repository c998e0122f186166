#!/usr/bin/env bash
# Run the whole test suite: installs what it needs, starts its own servers on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
exec .venv/bin/python -m pytest "$@"
