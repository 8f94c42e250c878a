#!/usr/bin/env bash
# Fetches the third-party guests kvmdbg boots, from Debian bookworm (arm64), into .cache/real-guests/:
#   u-boot.bin   u-boot-qemu's usr/lib/u-boot/qemu_arm64/u-boot.bin
#   busybox      busybox-static's /bin/busybox (arm64, static), for the initramfs
#   packages.txt package, version and .deb sha256 prefix of each
# and the 6.1 kernel (linux-image-6.1.0-*-arm64-unsigned) through conformance/scripts/fetch-kernels.sh,
# which leaves it in .cache/conformance/kernels/6.1/. Packages are fetched with `apt-get download`
# and a private apt state (scripts/apt-private.sh); nothing is installed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.cache/real-guests"
dir="$out/apt"
mkdir -p "$out"
exec 9>"$out/.fetch.lock" && flock 9
# shellcheck source=apt-private.sh
source "$root/scripts/apt-private.sh"

bash "$root/conformance/scripts/fetch-kernels.sh" 6.1

if [[ -s "$out/u-boot.bin" && -s "$out/busybox" && -s "$out/packages.txt" ]]; then exit 0; fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security
apt_private_init "$dir" "deb [arch=arm64 signed-by=$keyring] $mirror bookworm main
deb [arch=arm64 signed-by=$keyring] $mirror bookworm-updates main
deb [arch=arm64 signed-by=$keyring] $security bookworm-security main"

: > "$out/packages.txt.new"
# fetch PACKAGE PATH-IN-DEB DEST
fetch() {
  local pkg="$1" path="$2" dest="$3" ver deb
  ver="$(apt_private apt-cache "$dir" policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')"
  [[ -n "$ver" && "$ver" != "(none)" ]] || { echo "no candidate for $pkg" >&2; exit 1; }
  rm -rf "$dir/dl" "$dir/x" && mkdir -p "$dir/dl" "$dir/x"
  (cd "$dir/dl" && apt_private apt-get "$dir" download "$pkg=$ver" >"$dir/download.log" 2>&1) \
    || { cat "$dir/download.log" >&2; exit 1; }
  deb="$(ls "$dir"/dl/*.deb)"
  dpkg-deb -x "$deb" "$dir/x"
  [[ -s "$dir/x/$path" ]] || { echo "$pkg $ver has no $path" >&2; exit 1; }
  cp "$dir/x/$path" "$dest.new" && mv "$dest.new" "$dest"
  printf '%s %s %s\n' "$pkg" "$ver" "$(sha256sum "$deb" | cut -c1-16)" >> "$out/packages.txt.new"
  rm -rf "$dir/dl" "$dir/x"
}
fetch u-boot-qemu usr/lib/u-boot/qemu_arm64/u-boot.bin "$out/u-boot.bin"
fetch busybox-static bin/busybox "$out/busybox"
mv "$out/packages.txt.new" "$out/packages.txt"
cat "$out/packages.txt"
