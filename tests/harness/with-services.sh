#!/usr/bin/env bash
# Runs a command with the real services the tests need, then stops them:
#   - a private MariaDB server (own datadir, socket and free TCP port on 127.0.0.1)
#   - a private D-Bus session bus with an unlocked gnome-keyring Secret Service
# Exported for the command:
#   MA_TEST_DB_HOST, MA_TEST_DB_PORT, MA_TEST_DB_SOCKET (root over the socket, no password)
#   DBUS_SESSION_BUS_ADDRESS
# Nested use is a no-op: if MA_TEST_SERVICES=1 the command just runs.
set -euo pipefail

if [[ "${MA_TEST_SERVICES:-}" == "1" ]]; then exec "$@"; fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ma-services.XXXXXX")
DB_PID=""
DBUS_PID=""

cleanup() {
  local rc=$?
  if [[ -n "$DB_PID" ]] && kill -0 "$DB_PID" 2>/dev/null; then
    kill "$DB_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$DB_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$DB_PID" 2>/dev/null || true
  fi
  if [[ -n "$DBUS_PID" ]]; then
    # gnome-keyring-daemon lives on this bus; stop it with the bus.
    pkill -f "gnome-keyring-daemon.*$WORK" 2>/dev/null || true
    kill "$DBUS_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- MariaDB -----------------------------------------------------------------
mkdir -p "$WORK/db/data" "$WORK/db/run"
DB_PORT=${MA_TEST_DB_PORT:-$(free_port)}
mariadb-install-db --no-defaults --user=root --datadir="$WORK/db/data" \
  --auth-root-authentication-method=socket --skip-test-db >"$WORK/db/install.log" 2>&1
mariadbd --no-defaults --user=root --datadir="$WORK/db/data" --port="$DB_PORT" \
  --bind-address=127.0.0.1 --socket="$WORK/db/run/mysqld.sock" --pid-file="$WORK/db/run/mysqld.pid" \
  --skip-log-bin --innodb-buffer-pool-size=64M --log-error="$WORK/db/error.log" &
DB_PID=$!
for _ in $(seq 1 200); do
  mariadb-admin --no-defaults --socket="$WORK/db/run/mysqld.sock" -uroot ping >/dev/null 2>&1 && break
  kill -0 "$DB_PID" 2>/dev/null || { cat "$WORK/db/error.log" >&2; exit 1; }
  sleep 0.1
done
export MA_TEST_DB_HOST=127.0.0.1 MA_TEST_DB_PORT="$DB_PORT" MA_TEST_DB_SOCKET="$WORK/db/run/mysqld.sock"

# --- D-Bus session + gnome-keyring Secret Service ---------------------------
out=$(dbus-daemon --session --fork --print-address=1 --print-pid=1)
export DBUS_SESSION_BUS_ADDRESS=$(echo "$out" | sed -n 1p)
DBUS_PID=$(echo "$out" | sed -n 2p)
# --control-directory keeps this keyring's sockets private to this run.
mkdir -p "$WORK/keyring"
export XDG_RUNTIME_DIR_KEYRING="$WORK/keyring"
printf 'ma-test-keyring' | HOME="$WORK/keyring" gnome-keyring-daemon --unlock --components=secrets \
  --control-directory="$WORK/keyring" >"$WORK/keyring/env" 2>"$WORK/keyring/log" || true
# gnome-keyring prints only GNOME_KEYRING_CONTROL; cleanup stops the daemon by its --control-directory.
# Wait until the Secret Service answers on the bus.
for _ in $(seq 1 50); do
  secret-tool search --all service ma-harness-probe >/dev/null 2>&1 && break
  sleep 0.1
done

export MA_TEST_SERVICES=1 MA_TEST_WORK="$WORK"
"$@"
