#!/usr/bin/env bash
# Runs the Python sidecar tests (backend and transcriber) with the project venv.
# Needs the services from tests/harness/with-services.sh (MariaDB) for the backend tests.
set -euo pipefail
cd "$(dirname "$0")"
exec .venv/bin/python -m pytest "$@"
