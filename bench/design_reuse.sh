#!/bin/bash
# bench/design_reuse.sh: a Sobol design over bench/bench.toml (k = 7 factors, each one
# industry's inventory_days; N = 8 base rows, 72 points) with incremental evaluation,
# without it (--no-reuse), and single-point runs of the scenario, alternated so that
# a busy machine affects all three alike. Prints wall seconds per run.
#
#   bench/design_reuse.sh [PATHS]      (default 200 paths per point; CHOKEPOINT=binary)
set -eu
B=${CHOKEPOINT:-build/chokepoint}
S=bench/bench.toml
N=${1:-200}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
F=()
for i in a b c d e f g; do F+=(--factor "industry.ind_$i.inventory_days=10:60"); done
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
for rep in 1 2; do
  echo "single $(seconds "$B" run $S -n "$N" --backend cpu --quiet -o "$OUT/single.h5")"
  echo "design_reuse $(seconds "$B" run $S -n "$N" --backend cpu --quiet -o "$OUT/reuse.h5" \
    --design sobol:8 "${F[@]}")"
  echo "single $(seconds "$B" run $S -n "$N" --backend cpu --quiet -o "$OUT/single.h5")"
  echo "design_noreuse $(seconds "$B" run $S -n "$N" --backend cpu --quiet -o "$OUT/noreuse.h5" \
    --design sobol:8 "${F[@]}" --no-reuse)"
done
