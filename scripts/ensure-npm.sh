#!/usr/bin/env bash
# Installs the pinned npm packages (npm ci) unless node_modules already matches package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.kvmdbg-lock-sha
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then exit 0; fi
npm ci --no-audit --no-fund
echo "$want" > "$stamp"
