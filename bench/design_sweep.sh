#!/bin/bash
# bench/design_sweep.sh: a design whose factors touch every industry (the approval
# rates of the truce, tightened and expanded regimes) against plain runs of points
# like it, on the default scenario, one thread. Nothing can be reused at such
# points, so the design should cost what its points cost, plus its estimators.
# Per round, alternated:
#   design  --design lhs:27 over the three approval rates (27 points, one process)
#   sweep   the 3 x 3 x 3 grid of the strata's centres as a plain --vary sweep
#           (27 points, one process): the same number of points in the same box
#   rows    the design's 27 rows, each a plain single-point run with --set (the
#           same points; 27 processes, so it also pays 27 start-ups)
# Prints wall and user CPU seconds of every run, the ratios design/sweep and
# design/rows per round with their medians and min-max, and the run's own split
# of the design's time ("writing" includes the sensitivity estimators).
#
#   bench/design_sweep.sh [ROUNDS [PATHS]]   (defaults 3 rounds, 1000 paths;
#                                             CHOKEPOINT=binary; needs python3-h5py)
set -eu
B=${CHOKEPOINT:-build/chokepoint}
ROUNDS=${1:-3}
PATHS=${2:-1000}
PY=${PYTHON:-/usr/bin/python3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
COMMON=(-n "$PATHS" --threads 1 --backend cpu)
D=(--design lhs:27 --factor regime.truce.approval_prob=0.5:0.9
   --factor regime.tightened.approval_prob=0.3:0.7
   --factor regime.expanded.approval_prob=0.15:0.55)
# shellcheck disable=SC2054  # the commas separate a sweep's values
S=(--vary regime.truce.approval_prob=0.5666666666666667,0.7,0.8333333333333334
   --vary regime.tightened.approval_prob=0.36666666666666664,0.5,0.6333333333333333
   --vary regime.expanded.approval_prob=0.21666666666666667,0.35,0.48333333333333334)
# The design's rows (the same for every run: the design seed is the scenario's).
"$B" run -n 1 --threads 1 --quiet -o "$OUT/rows.h5" "${D[@]}"
"$PY" - "$OUT/rows.h5" > "$OUT/rows" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    keys = [k.decode() if isinstance(k, bytes) else k for k in f["factor"][...]]
    cols = [f["sweep"][k][...] for k in keys]
for row in zip(*cols):
    print(" ".join(f"--set {k}={repr(float(v))}" for k, v in zip(keys, row)))
PY
timed() {  # prints "WALL USER" of the command; its stderr in $OUT/stderr
  /usr/bin/time -f '%e %U' -o "$OUT/time" "$@" > /dev/null 2> "$OUT/stderr"
  cat "$OUT/time"
}
echo "# $(nproc) cores; 27 points, $PATHS paths, 1 thread; $(date -u +%FT%TZ)"
for ((r = 1; r <= ROUNDS; r++)); do
  echo "design $(timed "$B" run "${COMMON[@]}" -o "$OUT/design.h5" "${D[@]}")"
  grep -h 'timing' "$OUT/stderr" | sed 's/^/# design /'
  echo "sweep $(timed "$B" run "${COMMON[@]}" -o "$OUT/sweep.h5" "${S[@]}")"
  grep -h 'timing' "$OUT/stderr" | sed 's/^/# sweep /'
  w=0 u=0
  while read -r -a set; do
    read -r sw su <<< "$(timed "$B" run "${COMMON[@]}" --quiet -o "$OUT/row.h5" "${set[@]}")"
    w=$(echo "$w + $sw" | bc) u=$(echo "$u + $su" | bc)
  done < "$OUT/rows"
  echo "rows $w $u"
done | tee "$OUT/log"
awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
      t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
    }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function show(name, a, n,   i, lo, hi, b) {
    for (i = 1; i <= n; i++) { b[i] = a[i]; lo = (i == 1 || a[i] < lo) ? a[i] : lo; hi = (i == 1 || a[i] > hi) ? a[i] : hi }
    printf "%s median %.3f (%.3f-%.3f)\n", name, median(b, n), lo, hi
  }
  $1 == "design" { r++; dw = $2; du = $3 }
  $1 == "sweep" { sww[r] = dw / $2; swu[r] = du / $3 }
  $1 == "rows" { rww[r] = dw / $2; rwu[r] = du / $3 }
  END {
    show("design/sweep wall", sww, r); show("design/sweep CPU ", swu, r)
    show("design/rows  wall", rww, r); show("design/rows  CPU ", rwu, r)
  }' "$OUT/log"
