#!/usr/bin/env bash
# Fetches what a Node.js process needs inside the booted arm64 guest, into .cache/conformance/node/:
#   root/    Debian bookworm's nodejs:arm64 and its run-time dependencies, unpacked (apt-get download
#            with the private bookworm apt state of fetch-kernels.sh; nothing is installed on this machine)
#   koffi/   the koffi npm package and its linux-arm64 binary (@koromix/koffi-linux-arm64), same version
#            as the project's koffi
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache/conformance"
out="$cache/node"
mkdir -p "$cache" && exec 8>"$cache/.fetch-node.lock" && flock 8
[[ -x "$out/root/usr/bin/node" && -f "$out/koffi/node_modules/@koromix/koffi-linux-arm64/package.json" ]] && exit 0
bash "$root/conformance/scripts/fetch-kernels.sh" 6.1 >/dev/null   # creates the bookworm apt state
dir="$cache/apt/6.1"
A=(-o Dir::State="$dir/state" -o Dir::Cache="$dir/cache" -o Dir::Etc::SourceList="$dir/sources.list"
   -o Dir::Etc::SourceParts="$dir/sources.list.d" -o Dir::State::status="$dir/state/status"
   -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Debug::NoLocking=1)
mapfile -t pkgs < <(apt-cache "${A[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances nodejs 2>/dev/null | grep -v '^[ <]' | sort -u)
(( ${#pkgs[@]} > 5 )) || { echo "could not resolve nodejs:arm64 dependencies" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out/debs" "$out/root" "$out/koffi"
(cd "$out/debs" && apt-get -q "${A[@]}" download "${pkgs[@]}" >"$out/download.log" 2>&1) || { cat "$out/download.log" >&2; exit 1; }
for deb in "$out"/debs/*.deb; do dpkg-deb -x "$deb" "$out/root"; done
rm -rf "$out"/root/usr/share/{doc,man,locale,lintian,bug} "$out/debs"
printf '%s\n' "${pkgs[@]}" > "$out/packages.txt"
ver="$(node -p "require('$root/node_modules/koffi/package.json').version")"
# npm pack only downloads the tarballs: nothing is installed, no project's node_modules is touched.
(cd "$out/koffi" && npm pack --silent "koffi@$ver" "@koromix/koffi-linux-arm64@$ver" >"$out/npm.log" 2>&1) \
  || { cat "$out/npm.log" >&2; exit 1; }
mkdir -p "$out/koffi/node_modules/koffi" "$out/koffi/node_modules/@koromix/koffi-linux-arm64"
tar -xzf "$out/koffi/koffi-$ver.tgz" -C "$out/koffi/node_modules/koffi" --strip-components=1
tar -xzf "$out/koffi/koromix-koffi-linux-arm64-$ver.tgz" -C "$out/koffi/node_modules/@koromix/koffi-linux-arm64" --strip-components=1
rm -f "$out"/koffi/*.tgz
echo "node for the guest: $(grep -c . "$out/packages.txt") Debian packages, koffi $ver"
