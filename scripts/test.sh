#!/usr/bin/env bash
# Sets everything up (the test tools too: Chromium and PostgreSQL), then runs the whole test
# suite (extra arguments go to pytest). With PostgreSQL installed, or in CI, it starts a
# throwaway PostgreSQL server for the run (scripts/postgres.sh), so the web tests run on
# SQLite and again on PostgreSQL; OVEREENKOMSTEN_TEST_POSTGRES already set: that one is used.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
source scripts/postgres.sh
if [ -z "${OVEREENKOMSTEN_TEST_POSTGRES:-}" ] && { [ -n "${CI:-}" ] || postgres_available; }; then
  trap postgres_stop EXIT
  trap 'exit 130' INT TERM
  postgres_start
fi
.venv/bin/python -m pytest "$@"
