#!/usr/bin/env bash
# Sets everything up, then turns the bundled examples into document sets and PDFs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/overeenkomsten valideer voorbeelden/intake.xlsx
.venv/bin/overeenkomsten batch voorbeelden/intake.xlsx --uit voorbeelden/uitvoer
echo "Klaar: de documenten staan in voorbeelden/uitvoer/."
