#!/usr/bin/env bash
# Run a command with a PostgreSQL server for the storage tests, named in WORKBOOK_TEST_POSTGRES_URL:
#   scripts/ensure-postgres.sh COMMAND [ARGS...]
# 1. WORKBOOK_TEST_POSTGRES_URL, when it is set already;
# 2. else a server already answering at WORKBOOK_TEST_POSTGRES_PROBE (default: postgres@127.0.0.1:5432, database test);
# 3. else a throwaway cluster: Debian's postgresql is installed when missing (apt-get, as root or with password-less
#    sudo), initdb runs in a temporary folder (as the postgres user when we are root: initdb refuses root), the
#    server listens on 127.0.0.1 on a free port, and it is stopped and its folder deleted when COMMAND ends.
# Exits with COMMAND's exit code. PYTHON (default .venv/bin/python, with psycopg installed) probes servers.
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
PY="${PYTHON:-.venv/bin/python}"
PROBE="${WORKBOOK_TEST_POSTGRES_PROBE:-postgresql://postgres@127.0.0.1:5432/test}"

answers() {  # answers URL: true when a PostgreSQL server accepts a connection there
  "$PY" -c 'import sys, psycopg; psycopg.connect(sys.argv[1].replace("+psycopg", ""), connect_timeout=3).close()' \
    "$1" >/dev/null 2>&1
}

if [ -n "${WORKBOOK_TEST_POSTGRES_URL:-}" ]; then
  echo "Storage tests use PostgreSQL at WORKBOOK_TEST_POSTGRES_URL."
  exec "$@"
fi
if answers "$PROBE"; then
  echo "Storage tests use the PostgreSQL server at ${PROBE}."
  WORKBOOK_TEST_POSTGRES_URL="$PROBE" exec "$@"
fi

# 3. A throwaway cluster.
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN="$(bindir)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
    echo "Installing Debian's postgresql for the storage tests (one time)..."
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    BIN="$(bindir)"
  fi
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "The storage tests need PostgreSQL and none was found at ${PROBE}." >&2
  echo "Install it (Debian/Ubuntu: 'sudo apt-get install postgresql'), or set WORKBOOK_TEST_POSTGRES_URL." >&2
  exit 1
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/workbook-postgres.XXXXXX")"
AS=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "No 'postgres' user to run initdb as (initdb refuses root)." >&2; exit 1; }
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$DIR/server.log" >&2; exit 1; }
"${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres test
echo "Storage tests use a throwaway PostgreSQL ($("$BIN/postgres" --version | awk '{print $3}')) on port $PORT."

status=0
WORKBOOK_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$PORT/test" "$@" || status=$?
exit "$status"
