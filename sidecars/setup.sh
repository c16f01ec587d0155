#!/usr/bin/env bash
# Creates sidecars/.venv with the pinned Python dependencies and installs both sidecar packages
# on its path, so `sidecars/.venv/bin/python -m meeting_backend` works from any folder.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 is required, found {sys.version}"'
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv
# Every file is checked against the hash in the lock: a changed or substituted package fails the
# install instead of running its code. The lock is universal (Windows, macOS and Linux markers).
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
  -r requirements.lock
.venv/bin/python -m pip check --disable-pip-version-check >/dev/null
# A .pth file puts both package folders on the venv's path (an editable install without a build step).
SITE=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
printf '%s\n%s\n' "$PWD/backend" "$PWD/transcriber" > "$SITE/meeting_assistant_sidecars.pth"
echo "Python sidecar environment ready: sidecars/.venv"
