#!/usr/bin/env bash
# Fetches the Debian arm64 kernels the conformance suite boots, into .cache/conformance/kernels/<id>/.
# Each Debian suite gets its own private apt state (lists, cache, sources), so the machine's own apt
# configuration is never changed; packages are fetched with `apt-get download` (arm64, not installed).
#   usage: fetch-kernels.sh [6.1] [6.12] [5.10]     (default: all three)
# Per kernel it leaves vmlinuz and package.txt (package name and exact version).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache/conformance"
mkdir -p "$cache/kernels"
exec 9>"$cache/.fetch-kernels.lock" && flock 9   # concurrent test files share one apt state per suite
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security

# id → "suites line(s)" and how the package is chosen.
sources_for() {
  case "$1" in
    6.1) printf 'deb [arch=arm64 signed-by=%s] %s bookworm main\ndeb [arch=arm64 signed-by=%s] %s bookworm-security main\n' \
           "$keyring" "$mirror" "$keyring" "$security" ;;
    6.12) printf 'deb [arch=arm64 signed-by=%s] %s trixie main\ndeb [arch=arm64 signed-by=%s] %s trixie-security main\n' \
           "$keyring" "$mirror" "$keyring" "$security" ;;
    # bullseye-security lists newer 5.10 kernels whose pool files are missing on the mirror; the 11.11
    # point release in bullseye main carries 5.10.223.
    5.10) printf 'deb [arch=arm64 signed-by=%s] %s bullseye main\n' "$keyring" "$mirror" ;;
    *) echo "unknown kernel id: $1 (known: 6.1 6.12 5.10)" >&2; exit 2 ;;
  esac
}

# shellcheck source=../../scripts/apt-private.sh
source "$root/scripts/apt-private.sh"

fetch_one() {
  local id="$1" out="$cache/kernels/$1" dir="$cache/apt/$1"
  if [[ -s "$out/vmlinuz" && -s "$out/package.txt" ]]; then return 0; fi
  local sources
  sources="$(sources_for "$id")" || exit 2
  mkdir -p "$out"
  apt_private_init "$dir" "$sources" || exit 1
  local pkg
  if [[ "$id" == 5.10 ]]; then
    pkg=linux-image-5.10.0-32-arm64-unsigned
  else
    # The signed image the metapackage points at, in its unsigned form (same vmlinuz, no shim step).
    local signed
    signed="$(apt_private apt-cache "$dir" depends linux-image-arm64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-arm64\)$/\1/p' | head -1)"
    [[ -n "$signed" ]] || { echo "cannot resolve linux-image-arm64 for $id" >&2; exit 1; }
    pkg="${signed}-unsigned"
  fi
  local ver
  ver="$(apt_private apt-cache "$dir" policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')"
  [[ -n "$ver" && "$ver" != "(none)" ]] || { echo "no candidate for $pkg" >&2; exit 1; }
  rm -rf "$dir/dl" && mkdir -p "$dir/dl"
  (cd "$dir/dl" && apt_private apt-get "$dir" download "$pkg=$ver" >"$dir/download.log" 2>&1) \
    || { cat "$dir/download.log" >&2; exit 1; }
  local deb; deb="$(ls "$dir"/dl/*.deb)"
  rm -rf "$dir/x" && mkdir -p "$dir/x"
  dpkg-deb -x "$deb" "$dir/x"
  local img; img="$(ls "$dir"/x/boot/vmlinuz-* 2>/dev/null | head -1)"
  [[ -n "$img" ]] || img="$(ls "$dir"/x/usr/lib/modules/*/vmlinuz 2>/dev/null | head -1)"
  [[ -n "$img" ]] || { echo "no vmlinuz in $deb" >&2; exit 1; }
  cp "$img" "$out/vmlinuz"
  printf '%s %s %s\n' "$pkg" "$ver" "$(sha256sum "$deb" | cut -c1-16)" > "$out/package.txt"
  rm -rf "$dir/x" "$dir/dl"
  echo "kernel $id: $(cat "$out/package.txt")"
}

ids=("$@"); (( ${#ids[@]} )) || ids=(6.1 6.12 5.10)
for id in "${ids[@]}"; do fetch_one "$id"; done
