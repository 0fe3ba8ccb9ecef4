#!/usr/bin/env bash
# Times an earlier revision's binary against this checkout's, alternately, on
# the same scenarios, one thread each, and prints the median of the per-pair
# ratios (old / new) of whole-process wall time, of CPU time, and of the
# binaries' own paths/s.
#
#   bench/compare.sh OLD_REV [--new REV] [--pairs N] [--scale F] [--cases LIST]
#                    [--scenarios old|own] [--tune plain|native]
#
# OLD_REV (and --new REV) are built in git worktrees under build-bench/ (CUDA
# off, Release, no tests); without --new the new binary is this checkout's
# working tree, built in build-bench/current. Both binaries run OLD_REV's
# scenario files (the same load on both sides), or with --scenarios own each
# its own revision's files (when a scenario file itself changed, e.g. a
# longer warm-up, that times the new model's load). Cases (default all):
#   bench    bench/bench.toml
#   default  configs/rare_earths_2026.toml (the built-in default scenario)
#   long     bench/bench.toml with horizon_days = 3650 and every industry's
#            review_days = 30
# Both binaries run the same path count per case (so wall-time ratios are
# per-path ratios); --scale multiplies the counts. The runs alternate A B A B
# ... so that a change in the machine's load hits both alike. --tune native
# builds both binaries with -march=native, the default (plain) neither: the
# same compiler flags on both sides either way.
set -euo pipefail

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 1 ]] || usage
old_rev=$1
shift
new_rev="" pairs=5 scale=1 cases="bench default long" scenarios=old tune=plain
while [[ $# -gt 0 ]]; do
  case $1 in
    --new) new_rev=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --tune) tune=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $pairs -ge 1 ]] || { echo "compare.sh: --pairs must be >= 1" >&2; exit 2; }
[[ $scenarios == old || $scenarios == own ]] ||
  { echo "compare.sh: --scenarios must be old or own, not '$scenarios'" >&2; exit 2; }
[[ $tune == plain || $tune == native ]] ||
  { echo "compare.sh: --tune must be plain or native, not '$tune'" >&2; exit 2; }
suffix="" arch_flags=""
[[ $tune == plain ]] || { suffix=-native; arch_flags=-march=native; }

root=$(git rev-parse --show-toplevel)
cd "$root"
out=$root/build-bench
mkdir -p "$out"

# Builds revision $1 (or the working tree when empty) and prints "BINARY SOURCE".
build() {
  local rev=$1 src bin
  if [[ -z $rev ]]; then
    src=$root
    bin=$out/current$suffix
  else
    local sha
    sha=$(git rev-parse --short=12 "$rev^{commit}")
    src=$out/src-$sha
    bin=$out/build-$sha$suffix
    if [[ ! -d $src ]]; then
      git worktree add --detach "$src" "$sha" >&2
    fi
  fi
  if [[ ! -x $bin/chokepoint || -z $rev ]]; then
    cmake -S "$src" -B "$bin" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHOKEPOINT_CUDA=OFF \
      -DCHOKEPOINT_TESTS=OFF -DCMAKE_CXX_FLAGS="$arch_flags" >&2
    cmake --build "$bin" -j2 --target chokepoint >&2
  fi
  echo "$bin/chokepoint $src"
}

read -r old_bin old_src < <(build "$old_rev")
read -r new_bin new_src < <(build "$new_rev")
[[ $scenarios == own ]] || new_src=$old_src

long_sets=(--set simulation.horizon_days=3650)
for i in a b c d e f g h; do long_sets+=(--set "industry.ind_$i.review_days=30"); done

# Arguments of case $1 for the checkout $2, and its path count.
case_args() {
  case $1 in
    bench) echo "$2/bench/bench.toml" ;;
    default) echo "$2/configs/rare_earths_2026.toml" ;;
    long) echo "$2/bench/bench.toml ${long_sets[*]}" ;;
    *) echo "compare.sh: unknown case $1" >&2; exit 2 ;;
  esac
}
case_paths() {
  local base
  case $1 in
    bench) base=4000 ;;
    default) base=4000 ;;
    long) base=800 ;;
  esac
  awk -v b="$base" -v s="$scale" 'BEGIN { n = int(b * s + 0.5); print (n < 1 ? 1 : n) }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs binary $1 on case $2 from checkout $3 with $4 paths; prints "wall cpu paths_per_s".
run_one() {
  local bin=$1 name=$2 src=$3 n=$4 args
  read -r -a args <<<"$(case_args "$name" "$src")"
  local start end
  start=$(date +%s.%N)
  OMP_NUM_THREADS=1 /usr/bin/time -f "%U %S" -o "$tmp/time" \
    "$bin" run "${args[@]}" -n "$n" --threads 1 --backend cpu -o "$tmp/out.h5" 2>"$tmp/err"
  end=$(date +%s.%N)
  local rate cpu
  rate=$(sed -n 's/.*wrote .*, \([0-9,]*\) paths\/s).*/\1/p' "$tmp/err" | tr -d ,)
  cpu=$(awk '{ print $1 + $2 }' "$tmp/time")
  [[ -n $rate ]] || { echo "compare.sh: no 'wrote ... paths/s' line from $bin" >&2; cat "$tmp/err" >&2; exit 1; }
  awk -v a="$start" -v b="$end" -v c="$cpu" -v r="$rate" 'BEGIN { printf "%.3f %.3f %s\n", b - a, c, r }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "old: $old_rev ($old_bin)"
echo "new: ${new_rev:-working tree} ($new_bin)"
echo "scenario files: $([[ $scenarios == own ]] && echo "each binary its own revision's" || echo "$old_rev's, for both")"
echo "compiler flags: $tune (CMAKE_CXX_FLAGS=\"$arch_flags\" on both sides)"
echo "pairs: $pairs, one thread each; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| case | paths | old wall s | new wall s | wall ratio | CPU ratio | old paths/s | new paths/s | paths/s ratio |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for name in $cases; do
  n=$(case_paths "$name")
  : >"$tmp/pairs"
  for ((k = 0; k < pairs; ++k)); do
    read -r ow oc orate < <(run_one "$old_bin" "$name" "$old_src" "$n")
    read -r nw nc nrate < <(run_one "$new_bin" "$name" "$new_src" "$n")
    echo "$ow $oc $orate $nw $nc $nrate" >>"$tmp/pairs"
  done
  ow=$(awk '{ print $1 }' "$tmp/pairs" | median)
  nw=$(awk '{ print $4 }' "$tmp/pairs" | median)
  orate=$(awk '{ print $3 }' "$tmp/pairs" | median)
  nrate=$(awk '{ print $6 }' "$tmp/pairs" | median)
  wr=$(awk '{ printf "%.3f\n", $1 / $4 }' "$tmp/pairs" | median)
  cr=$(awk '{ printf "%.3f\n", ($2 > 0 && $5 > 0) ? $2 / $5 : 0 }' "$tmp/pairs" | median)
  rr=$(awk '{ printf "%.3f\n", $6 / $3 }' "$tmp/pairs" | median)
  printf '| %s | %s | %s | %s | %.2fx | %.2fx | %s | %s | %.2fx |\n' \
    "$name" "$n" "$ow" "$nw" "$wr" "$cr" "$orate" "$nrate" "$rr"
done
echo
echo "Ratios are medians over the $pairs pairs of old / new (wall, CPU = user + system) and new / old (paths/s)."
