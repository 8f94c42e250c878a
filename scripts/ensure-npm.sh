#!/usr/bin/env bash
# Installs the pinned npm packages unless node_modules already matches package-lock.json:
# `npm ci` on a fresh clone, `npm install` (which keeps what is already there) otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.kvmdbg-lock-sha
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then exit 0; fi
if [[ -d node_modules ]]; then
  npm install --no-audit --no-fund
else
  npm ci --no-audit --no-fund
fi
sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"
