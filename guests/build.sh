#!/usr/bin/env bash
# Builds kvmdbg's guest programs with gcc (Debian gcc-aarch64-linux-gnu) and clang + ld.lld into
# guests/bin/, reproducibly (no build paths, no build id): a rebuild is byte-identical.
#   guests/build.sh          rebuild guests/bin/*.elf
#   guests/build.sh --check  rebuild into a temporary directory and fail if any committed ELF differs
set -euo pipefail
cd "$(dirname "$0")"
here="$PWD"

mode=build
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
  *) echo "build.sh: unknown argument '$1' (use --check or nothing)" >&2; exit 2 ;;
esac

missing=()
command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
command -v clang >/dev/null || missing+=(clang)
command -v ld.lld >/dev/null || missing+=(lld)
if (( ${#missing[@]} )); then
  echo "build.sh: the guest toolchain is missing; install the Debian packages: ${missing[*]}" >&2
  exit 1
fi

common=(-ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align -fno-pie -fno-stack-protector
        -fno-asynchronous-unwind-tables -g -Wall -Wextra -Werror "-ffile-prefix-map=$here=." -Irt)

# name      compiler  opt  sources (the main one first, then runtime extras, comma-separated)
variants=(
  "hello-gcc-O2        gcc   -O2 hello.c"
  "hello-clang-O2      clang -O2 hello.c"
  "insns-gcc-O0        gcc   -O0 insns.c"
  "insns-gcc-O1        gcc   -O1 insns.c"
  "insns-gcc-O2        gcc   -O2 insns.c"
  "insns-gcc-Os        gcc   -Os insns.c"
  "insns-clang-O0      clang -O0 insns.c"
  "insns-clang-O1      clang -O1 insns.c"
  "insns-clang-O2      clang -O2 insns.c"
  "insns-clang-Os      clang -Os insns.c"
  "exceptions-gcc-O2   gcc   -O2 exceptions.c"
  "exceptions-clang-O2 clang -O2 exceptions.c"
  "brk-gcc-O2          gcc   -O2 brk.c"
  "brk-clang-O2        clang -O2 brk.c"
  "debug-gcc-O2        gcc   -O2 debug.c"
  "debug-clang-O2      clang -O2 debug.c"
  "corrupt-gcc-O2      gcc   -O2 corrupt.c"
  "corrupt-clang-O2    clang -O2 corrupt.c"
  "bench-gcc-O2        gcc   -O2 bench.c"
  "bench-clang-O2      clang -O2 bench.c"
  "fpmath-gcc-O2       gcc   -O2 fpmath.c +fp"
  "fpmath-gcc-O3       gcc   -O3 fpmath.c +fp"
  "fpmath-clang-O2     clang -O2 fpmath.c +fp"
  "fpmath-clang-O3     clang -O3 fpmath.c +fp"
  "smp-gcc-O2          gcc   -O2 smp.c"
  "smp-clang-O2        clang -O2 smp.c"
  "el0-gcc-O2          gcc   -O2 el0.c,rt/mmu.c,rt/probe.S"
  "el0-clang-O2        clang -O2 el0.c,rt/mmu.c,rt/probe.S"
  "timer-gcc-O2        gcc   -O2 timer.c,rt/mmu.c,rt/probe.S"
  "timer-clang-O2      clang -O2 timer.c,rt/mmu.c,rt/probe.S"
  "paging-gcc-O2       gcc   -O2 paging.c,rt/mmu.c,rt/probe.S"
  "paging-clang-O2     clang -O2 paging.c,rt/mmu.c,rt/probe.S"
  "faults-gcc-O2       gcc   -O2 faults.c,rt/mmu.c,rt/probe.S"
  "faults-clang-O2     clang -O2 faults.c,rt/mmu.c,rt/probe.S"
  "tlb-gcc-O2          gcc   -O2 tlb.c,rt/mmu.c,rt/probe.S"
  "tlb-clang-O2        clang -O2 tlb.c,rt/mmu.c,rt/probe.S"
  "memory-gcc-O2       gcc   -O2 memory.c,rt/mmu.c,rt/probe.S"
  "memory-clang-O2     clang -O2 memory.c,rt/mmu.c,rt/probe.S"
  "hwdebug-gcc-O2      gcc   -O2 hwdebug.c,rt/mmu.c,rt/probe.S"
  "hwdebug-clang-O2    clang -O2 hwdebug.c,rt/mmu.c,rt/probe.S"
)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [[ $mode == build ]]; then out="$here/bin"; else out="$tmp/bin"; fi
mkdir -p "$out"

build_one() {
  local name=$1 cc=$2 opt=$3 src=$4; shift 4
  local objdir="$tmp/obj/$name"; mkdir -p "$objdir"
  # "+fp": built with the SIMD&FP registers available (no -mgeneral-regs-only), maths without errno, and
  # no contraction into fused multiply-adds, so gcc and clang builds compute (and print) the same
  local flags=("${common[@]}") a extra=()
  for a in "$@"; do
    if [[ $a == +fp ]]; then
      flags=(); for a in "${common[@]}"; do [[ $a == -mgeneral-regs-only ]] || flags+=("$a"); done
      flags+=(-fno-math-errno -ffp-contract=off)
    else extra+=("$a"); fi
  done
  set -- "${extra[@]+"${extra[@]}"}"
  local srcs; IFS=, read -ra srcs <<<"$src"
  local files=(rt/start.S rt/rt.c "${srcs[@]}") objs=() f o
  for f in "${files[@]}"; do
    o="$objdir/$(basename "$f").o"
    if [[ $cc == gcc ]]; then
      aarch64-linux-gnu-gcc "${flags[@]}" -mno-outline-atomics "$opt" "$@" -c "$f" -o "$o"
    else
      # -fdebug-compilation-dir: clang's integrated assembler otherwise records the build directory
      clang --target=aarch64-none-elf "${flags[@]}" -fdebug-compilation-dir=. "$opt" "$@" -c "$f" -o "$o"
    fi
    objs+=("$o")
    # The MMU guests run at two aliases of their image, so their code and data must not hold
    # absolute addresses (such as a switch turned into a table of pointers); start.S runs once at reset.
    if [[ $src == *rt/mmu.c* && $f != rt/start.S ]] && aarch64-linux-gnu-readelf -rW "$o" |
        awk '/^Relocation section/ { sec = $3 } /R_AARCH64_ABS64/ && sec !~ /debug/ { bad = 1 } END { exit !bad }'; then
      echo "build.sh: $f ($name) holds an absolute address outside its debug info" >&2
      exit 1
    fi
  done
  if [[ $cc == gcc ]]; then
    aarch64-linux-gnu-gcc -nostdlib -static -no-pie -T link.ld -Wl,--build-id=none \
      -Wl,--no-warn-rwx-segments "${objs[@]}" -lgcc -o "$out/$name.elf"
  else
    ld.lld -T link.ld --build-id=none "${objs[@]}" -o "$out/$name.elf"
  fi
}

for v in "${variants[@]}"; do
  # shellcheck disable=SC2086
  build_one $v
done

if [[ $mode == build ]]; then
  # drop ELFs of variants that no longer exist
  for f in bin/*.elf; do
    n="$(basename "$f" .elf)"
    printf '%s\n' "${variants[@]}" | awk '{print $1}' | grep -qx "$n" || rm -v "$f"
  done
  echo "built ${#variants[@]} guests into guests/bin/"
else
  bad=0
  for v in "${variants[@]}"; do
    n="$(awk '{print $1}' <<<"$v")"
    if [[ ! -f bin/$n.elf ]]; then echo "guests/bin/$n.elf is missing: run guests/build.sh and commit" >&2; bad=1
    elif ! cmp -s "bin/$n.elf" "$out/$n.elf"; then echo "guests/bin/$n.elf is stale (differs from a rebuild): run guests/build.sh and commit" >&2; bad=1
    fi
  done
  for f in bin/*.elf; do
    [[ -e $f ]] || continue
    [[ -f $out/$(basename "$f") ]] || { echo "$f has no variant in build.sh: remove it" >&2; bad=1; }
  done
  (( bad == 0 )) && echo "all ${#variants[@]} guest ELFs are up to date"
  exit $bad
fi
