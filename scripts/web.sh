#!/usr/bin/env bash
# Installs everything (scripts/setup.sh) plus the web extra, and starts the web application:
# bash scripts/web.sh [--data MAP] [--adres HOST:POORT]   (default http://127.0.0.1:8000/)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q -e ".[web]"
exec .venv/bin/overeenkomsten web "$@"
