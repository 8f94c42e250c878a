#!/usr/bin/env bash
# Runs the test files of one tier (unit: src/**/*.test.ts; system: test/**/*.test.ts; all: both)
# with Node's built-in test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
tier="${1:-all}"
case "$tier" in
  unit) roots=(src) ;;
  system) roots=(test) ;;
  all) roots=(src test) ;;
  *) echo "usage: run-tests.sh unit|system|all" >&2; exit 2 ;;
esac
mapfile -t files < <(find "${roots[@]}" -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if (( ${#files[@]} == 0 )); then echo "no test files found under ${roots[*]}" >&2; exit 1; fi
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
