#!/usr/bin/env bash
# The one command that sets up and runs every test of kvmdbg (the README's second command; CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-debian-packages.sh
bash scripts/ensure-npm.sh
echo "== typecheck";   npx tsc --noEmit -p . && npx tsc --noEmit -p src/web
echo "== lint";        npx eslint .
echo "== layer rules"; npm run --silent depcheck
if [[ -x guests/build.sh ]]; then echo "== guests are up to date"; bash guests/build.sh --check; fi
echo "== tests";       bash scripts/run-tests.sh all
