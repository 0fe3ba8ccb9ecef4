#!/bin/bash
# bench/design_reuse.sh: incremental evaluation of a design at full scale. A Sobol
# design over the default scenario with k = 7 factors, each one industry's stock
# (inventory_days, the magnets' entry where the industry has a table), N = 64 base
# rows (64 x 9 = 576 points), 2,000 paths per point, one thread; against single
# runs of the default scenario with the same flags and no design. Design runs and
# single runs alternate (D S D S ...; each S slot runs SINGLES single runs), so a
# busy machine affects both alike. Prints wall and user CPU seconds of every run,
# then the ratio design / (points x single) per round (against the mean of the
# round's single runs) with its median and min-max, in wall and in CPU time.
#
#   bench/design_reuse.sh [ROUNDS [SINGLES [SAMPLES [PATHS]]]]
#       defaults 3 rounds, 3 single runs per round, sobol:64, 2000 paths;
#       CHOKEPOINT=binary (default build/chokepoint).
#   bench/design_reuse.sh 2 3 8 200     # a scaled-down check (72 points, ~1 minute)
set -eu
B=${CHOKEPOINT:-build/chokepoint}
ROUNDS=${1:-3}
SINGLES=${2:-3}
SAMPLES=${3:-64}
PATHS=${4:-2000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
F=(--factor industry.ev_traction.inventory_days.ndfeb_magnets=45:135
   --factor industry.automotive_other.inventory_days.ndfeb_magnets=40:110
   --factor industry.wind.inventory_days.ndfeb_magnets=60:180
   --factor industry.industrial_motors_robotics.inventory_days.ndfeb_magnets=50:150
   --factor industry.electronics.inventory_days.ndfeb_magnets=40:110
   --factor industry.defence_aerospace.inventory_days=120:360
   --factor industry.medical.inventory_days=60:180)
POINTS=$((SAMPLES * (7 + 2)))
COMMON=(-n "$PATHS" --threads 1 --backend cpu --quiet)
timed() {  # prints "WALL USER" of the command
  /usr/bin/time -f '%e %U' -o "$OUT/time" "$@" > /dev/null
  cat "$OUT/time"
}
echo "# $(nproc) cores; $POINTS points, $PATHS paths, 1 thread; $(date -u +%FT%TZ)"
for ((r = 1; r <= ROUNDS; r++)); do
  echo "design $(timed "$B" run "${COMMON[@]}" -o "$OUT/design.h5" --design "sobol:$SAMPLES" "${F[@]}")"
  for ((s = 1; s <= SINGLES; s++)); do
    echo "single $(timed "$B" run "${COMMON[@]}" -o "$OUT/single.h5")"
  done
done | tee "$OUT/log"
awk -v points="$POINTS" '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
      t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
    }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function flush() {
    if (r > 0 && ns > 0) {
      wr[r] = dw / (points * sw / ns); ur[r] = du / (points * su / ns)
      printf "round %d: design %.1f s wall %.1f s CPU; single %.3f s wall %.3f s CPU (mean of %d); ratio wall %.3f CPU %.3f\n",
        r, dw, du, sw / ns, su / ns, ns, wr[r], ur[r]
    }
  }
  $1 == "design" { flush(); r++; dw = $2; du = $3; sw = su = ns = 0 }
  $1 == "single" { sw += $2; su += $3; ns++ }
  END {
    flush()
    for (i = 1; i <= r; i++) { w[i] = wr[i]; u[i] = ur[i]; wmin = (i == 1 || wr[i] < wmin) ? wr[i] : wmin
      wmax = (i == 1 || wr[i] > wmax) ? wr[i] : wmax; umin = (i == 1 || ur[i] < umin) ? ur[i] : umin
      umax = (i == 1 || ur[i] > umax) ? ur[i] : umax }
    printf "design / (%d x single): wall median %.3f (%.3f-%.3f), CPU median %.3f (%.3f-%.3f); aim <= 0.4\n",
      points, median(w, r), wmin, wmax, median(u, r), umin, umax
  }' "$OUT/log"
