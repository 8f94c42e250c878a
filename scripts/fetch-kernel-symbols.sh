#!/usr/bin/env bash
# Fetches the symbols of the 6.1 kernel the real-guest tests boot: Debian ships them in the kernel's
# -dbg package (the System.map in linux-image-*/boot is a one-line placeholder), so this downloads
# linux-image-<release>-dbg at the exact version of .cache/conformance/kernels/6.1/package.txt with
# the same private apt state (scripts/apt-private.sh; nothing is installed) and keeps
#   .cache/real-guests/symbols-6.1/System.map   usr/lib/debug/boot/System.map-<release>
#   .cache/real-guests/symbols-6.1/vmlinux      usr/lib/debug/boot/vmlinux-<release> (ELF with DWARF)
#   .cache/real-guests/symbols-6.1/package.txt  package, version and .deb sha256 prefix
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.cache/real-guests/symbols-6.1"
mkdir -p "$out"
exec 9>"$out/.fetch.lock" && flock 9
bash "$root/conformance/scripts/fetch-kernels.sh" 6.1
kpkg="$(cat "$root/.cache/conformance/kernels/6.1/package.txt")"
pkg="$(cut -d' ' -f1 <<<"$kpkg")"; ver="$(cut -d' ' -f2 <<<"$kpkg")"
dbg="${pkg%-unsigned}-dbg"
if [[ -s "$out/System.map" && -s "$out/vmlinux" ]] && grep -qx "$dbg $ver .*" "$out/package.txt" 2>/dev/null; then exit 0; fi
# shellcheck source=apt-private.sh
source "$root/scripts/apt-private.sh"
dir="$root/.cache/conformance/apt/6.1"
rm -rf "$dir/dbg" && mkdir -p "$dir/dbg/x"
(cd "$dir/dbg" && apt_private apt-get "$dir" download "$dbg=$ver" >"$dir/dbg/download.log" 2>&1) \
  || { cat "$dir/dbg/download.log" >&2; exit 1; }
deb="$(ls "$dir"/dbg/*.deb)"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir/dbg/x" --wildcards './usr/lib/debug/boot/System.map-*' './usr/lib/debug/boot/vmlinux-*'
release="${pkg#linux-image-}"; release="${release%-unsigned}"
[[ -s "$dir/dbg/x/usr/lib/debug/boot/System.map-$release" && -s "$dir/dbg/x/usr/lib/debug/boot/vmlinux-$release" ]] \
  || { echo "$dbg $ver has no usr/lib/debug/boot/{System.map,vmlinux}-$release" >&2; exit 1; }
mv "$dir/dbg/x/usr/lib/debug/boot/System.map-$release" "$out/System.map"
mv "$dir/dbg/x/usr/lib/debug/boot/vmlinux-$release" "$out/vmlinux"
printf '%s %s %s\n' "$dbg" "$ver" "$(sha256sum "$deb" | cut -c1-16)" > "$out/package.txt"
rm -rf "$dir/dbg"
cat "$out/package.txt"
