# Sourced by the fetch scripts: apt-get/apt-cache with a private state directory (lists, cache, sources,
# an empty dpkg status), so the machine's own apt configuration is never read or changed, for arm64.
#   apt_private apt-get|apt-cache DIR ARGS...
#   apt_private_init DIR SOURCES_LINES     create DIR's layout, write its sources.list, apt-get update
apt_private() {
  local tool="$1" dir="$2"; shift 2
  "$tool" -q -o Dir::State="$dir/state" -o Dir::Cache="$dir/cache" \
    -o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts="$dir/sources.list.d" \
    -o Dir::State::status="$dir/state/status" \
    -o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
    -o Debug::NoLocking=1 "$@"
}

apt_private_init() {
  local dir="$1" sources="$2"
  mkdir -p "$dir/state/lists/partial" "$dir/cache/archives/partial" "$dir/sources.list.d"
  : > "$dir/state/status"
  printf '%s\n' "$sources" > "$dir/sources.list"
  apt_private apt-get "$dir" update >"$dir/update.log" 2>&1 || { cat "$dir/update.log" >&2; return 1; }
}
