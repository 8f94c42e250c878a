#!/usr/bin/env bash
# Fetches the Node.js that the real-KVM system test and the conformance suite's Node runner put into
# their arm64 initramfs images, into .cache/realkvm/:
#  - Debian bookworm's nodejs:arm64 and its arm64 dependency closure (apt-get download with a private
#    apt state, so the machine's apt configuration and dpkg architectures are never changed), extracted
#    with dpkg-deb -x into .cache/realkvm/noderoot;
#  - koffi 3.3.4 and its arm64 binary package @koromix/koffi-linux-arm64 3.3.4 (npm pack), unpacked into
#    .cache/realkvm/npm/node_modules.
# Idempotent: a finished step leaves a stamp file and is skipped next time.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache/realkvm"
apt="$cache/apt"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security
KOFFI_VERSION=3.3.4
mkdir -p "$cache"
# the conformance suite and the real-KVM test fetch through here, possibly at the same time
exec 9>"$cache/.fetch-node.lock" && flock 9

apt_private() {
  local tool="$1"; shift
  "$tool" -q -o Dir::State="$apt/state" -o Dir::Cache="$apt/cache" \
    -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/sources.list.d" \
    -o Dir::State::status="$apt/state/status" \
    -o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
    -o Debug::NoLocking=1 "$@"
}

if [[ ! -f "$cache/noderoot.stamp" ]]; then
  mkdir -p "$apt/state/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d" "$apt/debs"
  : > "$apt/state/status"
  printf 'deb [arch=arm64 signed-by=%s] %s bookworm main\ndeb [arch=arm64 signed-by=%s] %s bookworm-security main\n' \
    "$keyring" "$mirror" "$keyring" "$security" > "$apt/sources.list"
  apt_private apt-get update >"$apt/update.log" 2>&1 || { cat "$apt/update.log" >&2; exit 1; }
  # The closure of nodejs's Depends/PreDepends (no recommends). Tools that only maintainer scripts use
  # (dpkg, tar, install-info, perl, debconf) are not needed to run node and are left out.
  apt_private apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
      --no-replaces --no-enhances nodejs 2>/dev/null \
    | sed -n 's/^\([a-z0-9][a-z0-9.+-]*\)$/\1/p' | sort -u \
    | grep -Ev '^(dpkg|tar|install-info|perl-base|perl|debconf|debianutils|base-files|mawk|sensible-utils)$' \
    > "$apt/packages.txt"
  (cd "$apt/debs" && apt_private apt-get download $(cat "$apt/packages.txt")) >"$apt/download.log" 2>&1 \
    || { cat "$apt/download.log" >&2; exit 1; }
  rm -rf "$cache/noderoot" && mkdir -p "$cache/noderoot"
  for deb in "$apt"/debs/*.deb; do dpkg-deb -x "$deb" "$cache/noderoot"; done
  rm -rf "$cache/noderoot/usr/share/"{doc,man,locale,info,lintian,bug} "$cache/noderoot/usr/lib/aarch64-linux-gnu/gconv"
  (cd "$apt/debs" && for d in *.deb; do printf '%s %s\n' "$d" "$(sha256sum "$d" | cut -c1-16)"; done) > "$cache/noderoot.packages.txt"
  touch "$cache/noderoot.stamp"
  echo "realkvm: arm64 node root from $(wc -l < "$apt/packages.txt") packages in $cache/noderoot"
fi

if [[ ! -f "$cache/npm.stamp" ]]; then
  rm -rf "$cache/npm" && mkdir -p "$cache/npm/tgz" "$cache/npm/node_modules/@koromix"
  (cd "$cache/npm/tgz" && npm pack --silent "koffi@$KOFFI_VERSION" "@koromix/koffi-linux-arm64@$KOFFI_VERSION" >/dev/null)
  mkdir -p "$cache/npm/node_modules/koffi" "$cache/npm/node_modules/@koromix/koffi-linux-arm64"
  tar -xzf "$cache/npm/tgz/koffi-$KOFFI_VERSION.tgz" -C "$cache/npm/node_modules/koffi" --strip-components=1
  tar -xzf "$cache/npm/tgz/koromix-koffi-linux-arm64-$KOFFI_VERSION.tgz" -C "$cache/npm/node_modules/@koromix/koffi-linux-arm64" --strip-components=1
  touch "$cache/npm.stamp"
  echo "realkvm: koffi $KOFFI_VERSION + @koromix/koffi-linux-arm64 in $cache/npm/node_modules"
fi
