#!/usr/bin/env bash
# A throwaway PostgreSQL server for the web tests; sourced by scripts/test.sh.
#
# postgres_start makes a new cluster in a temporary folder (initdb; as root it runs as the
# `postgres` user through runuser, as PostgreSQL refuses root), starts it on a free port on
# 127.0.0.1 only, creates a role and a database, and exports
#   OVEREENKOMSTEN_TEST_POSTGRES=postgresql://overeenkomsten:...@127.0.0.1:PORT/overeenkomsten
# postgres_stop stops it and removes the folder. A new cluster per run (not Debian's `main`
# cluster) keeps runs independent: two clones can test at once, and nothing is left behind.
# Durability is switched off (fsync, synchronous_commit): the data lives as long as the run.
# So is autovacuum: its worker on a test database, owned by no role, makes the test's
# DROP DATABASE ... WITH (FORCE) fail ("must be a member of the role whose process...").

_pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] && command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir)
  fi
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

# True when a PostgreSQL server can be started here (the binaries are installed).
postgres_available() {
  [ -n "$(_pg_bindir)" ]
}

_pg_run() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_start() {
  local bindir port
  bindir=$(_pg_bindir) || { echo "PostgreSQL is niet geinstalleerd (initdb ontbreekt)." >&2; return 1; }
  _PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/overeenkomsten-postgres.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$_PG_DIR"
  fi
  chmod 700 "$_PG_DIR"
  if ! _pg_run "$bindir/initdb" -D "$_PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 --no-sync >"$_PG_DIR/initdb.log" 2>&1; then
    cat "$_PG_DIR/initdb.log" >&2
    echo "PostgreSQL: initdb mislukte (zie hierboven)." >&2
    return 1
  fi
  # A free port: asked from the kernel, then handed to PostgreSQL (a retry covers the race).
  local attempt
  for attempt in 1 2 3; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if _pg_run "$bindir/pg_ctl" -D "$_PG_DIR/data" -l "$_PG_DIR/server.log" -w -t 60 \
        -o "-p $port -k $_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
            -c autovacuum=off" \
        start >/dev/null; then
      break
    fi
    if [ "$attempt" -eq 3 ]; then
      cat "$_PG_DIR/server.log" >&2
      echo "PostgreSQL: de server start niet (zie hierboven)." >&2
      return 1
    fi
  done
  _PG_BINDIR=$bindir
  _pg_run "$bindir/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE overeenkomsten LOGIN CREATEDB PASSWORD 'overeenkomsten'" \
    -c "CREATE DATABASE overeenkomsten OWNER overeenkomsten" >/dev/null
  export OVEREENKOMSTEN_TEST_POSTGRES="postgresql://overeenkomsten:overeenkomsten@127.0.0.1:$port/overeenkomsten"
  echo "PostgreSQL voor de tests draait op 127.0.0.1:$port (map $_PG_DIR)."
}

postgres_stop() {
  if [ -n "${_PG_DIR:-}" ] && [ -d "$_PG_DIR" ]; then
    if [ -n "${_PG_BINDIR:-}" ] && [ -f "$_PG_DIR/data/postmaster.pid" ]; then
      _pg_run "$_PG_BINDIR/pg_ctl" -D "$_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$_PG_DIR"
  fi
  _PG_DIR=""
}
