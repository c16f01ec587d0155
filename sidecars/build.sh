#!/usr/bin/env bash
# Builds every sidecar that has a PyInstaller spec (sidecars/*/*.spec) as a --onedir bundle:
#   sidecars/dist/<name>/<name>[.exe]
# Uses the project venv (sidecars/setup.sh). Usage: bash sidecars/build.sh [spec ...]
set -euo pipefail
cd "$(dirname "$0")"
PYINSTALLER=.venv/bin/pyinstaller
[[ -x "$PYINSTALLER" ]] || PYINSTALLER=.venv/Scripts/pyinstaller.exe  # Windows venv layout
[[ -x "$PYINSTALLER" ]] || { echo "pyinstaller not found: run npm run setup:python first" >&2; exit 1; }

if [[ $# -gt 0 ]]; then specs=("$@"); else specs=(*/*.spec); fi
[[ -e "${specs[0]}" ]] || { echo "no *.spec files under sidecars/*/" >&2; exit 1; }

for spec in "${specs[@]}"; do
  name=$(basename "$spec" .spec)
  echo "== building $spec"
  start=$(date +%s)
  # PyInstaller keeps its work files in build/<spec name>/ by itself.
  "$PYINSTALLER" --noconfirm --clean --log-level WARN --distpath dist --workpath build "$spec"
  echo "== $spec built in $(( $(date +%s) - start )) s"
done
du -sh dist/*/ 2>/dev/null || true
