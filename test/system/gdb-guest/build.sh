#!/usr/bin/env bash
# Builds gdb-guest.elf reproducibly (no build paths, no build id, objects under fixed names).
# gcc from Debian gcc-aarch64-linux-gnu.
#   build.sh          rebuild gdb-guest.elf
#   build.sh --check  fail if the committed ELF differs from a rebuild
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cflags=(-ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align -fno-pie -fno-stack-protector
        -fno-asynchronous-unwind-tables -O1 -g -Wall -Wextra -Werror "-ffile-prefix-map=$PWD=.")
aarch64-linux-gnu-gcc "${cflags[@]}" -c start.S -o "$tmp/start.o"
aarch64-linux-gnu-gcc "${cflags[@]}" -c main.c -o "$tmp/main.o"
aarch64-linux-gnu-gcc -nostdlib -static -no-pie -T link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
  "$tmp/start.o" "$tmp/main.o" -o "$tmp/gdb-guest.elf"
if [[ "${1:-}" == --check ]]; then
  cmp "$tmp/gdb-guest.elf" gdb-guest.elf
else
  cp "$tmp/gdb-guest.elf" gdb-guest.elf
fi
