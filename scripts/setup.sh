#!/usr/bin/env bash
# Sets up everything overeenkomsten needs on Debian/Ubuntu: LibreOffice and fonts from the
# OS packages (only when missing), and a virtual environment .venv with the package, its web
# application and the development tools.
# --test: also the OS packages the tests need (chromium for the browser tests, postgresql for
# the web tests on PostgreSQL); scripts/test.sh passes it, scripts/voorbeelden.sh does not.
set -euo pipefail
cd "$(dirname "$0")/.."

test_tools=0
for arg in "$@"; do
  case "$arg" in
    --test) test_tools=1 ;;
    *) echo "Onbekende optie: $arg (alleen --test bestaat)." >&2; exit 2 ;;
  esac
done

python3 - <<'PY' || { echo "Python 3.11 of nieuwer is nodig." >&2; exit 2; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

packages=()
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)
# Calc: the tests read workbooks saved by LibreOffice, as back offices make them.
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 \
  || packages+=(libreoffice-calc-nogui)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list | grep -qi "Liberation Sans"; then
  packages+=(fonts-liberation2 fontconfig)
fi
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list | grep -qi "DejaVu Sans"; then
  packages+=(fonts-dejavu-core)
fi
# Symbola draws emoji and other symbols that the text fonts lack (documenten/tekens.py).
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list | grep -qi "Symbola"; then
  packages+=(fonts-symbola)
fi
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || packages+=(python3-venv)
if ((test_tools)); then
  # Debian's own Chromium: Playwright drives it; no browser is ever downloaded.
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
fi

if ((${#packages[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "OS-pakketten installeren: ${packages[*]}"
  $sudo apt-get update -qq
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${packages[@]}" >/dev/null; then
    # Older releases have no -nogui package: fall back to the plain Writer.
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${packages[@]/-nogui/}" >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e ".[dev,web]"
# The package's own bytecode: an editable install compiles none, and where
# PYTHONDONTWRITEBYTECODE is set Python would compile its 150 modules again at every start
# (a tenth of a second of each command). A stale file is noticed and recompiled by Python.
.venv/bin/python -m compileall -q -j 0 src/overeenkomsten >/dev/null
