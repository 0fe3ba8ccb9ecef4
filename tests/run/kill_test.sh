#!/usr/bin/env bash
# Interrupts runs at random moments and checks that each one either finished
# (exit 0, a complete results file) or stopped cleanly (exit 130 for SIGINT,
# 143 for SIGTERM, no results file), and that no temporary file is ever left.
#   tests/run/kill_test.sh BINARY SCENARIO WORKDIR [ROUNDS]
set -uo pipefail
binary=$1 scenario=$2 work=$3 rounds=${4:-50}
rm -rf "$work" && mkdir -p "$work"
RANDOM=20251218  # fixed seed: the same moments on every run
failures=0 stopped=0 finished=0
for ((k = 0; k < rounds; k++)); do
  out="$work/run$k.h5"
  if ((k % 2)); then signal=TERM expected=143; else signal=INT expected=130; fi
  # Mostly mid-run, sometimes during start-up or the final write.
  ms=$((RANDOM % 1600))
  delay=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
  "$binary" run "$scenario" -n "${KILL_TEST_PATHS:-400}" --quiet --threads 2 -o "$out" \
    2>"$work/stderr$k" &
  pid=$!
  sleep "$delay"
  kill -s "$signal" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  code=$?
  leftovers=$(find "$work" -name "run$k.h5.tmp-*" | wc -l)
  if ((leftovers)); then
    echo "round $k: temporary file left after exit $code"; failures=$((failures + 1))
  fi
  if ((code == 0)); then
    finished=$((finished + 1))
    if ! "$binary" summary "$out" >/dev/null; then
      echo "round $k: exit 0 but $out is not a readable results file"; failures=$((failures + 1))
    fi
  elif ((code == expected)); then
    stopped=$((stopped + 1))
    if [[ -e $out ]]; then echo "round $k: exit $code but $out exists"; failures=$((failures + 1)); fi
  else
    echo "round $k: SIG$signal after ${delay}s gave exit $code (expected 0 or $expected)"
    failures=$((failures + 1))
  fi
done
echo "kill test: $rounds rounds, $stopped stopped cleanly, $finished finished first, $failures failures"
((failures == 0))
