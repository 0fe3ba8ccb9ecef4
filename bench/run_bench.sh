#!/usr/bin/env bash
# One command, one table: chokepoint's throughput per backend and path count on
# bench/bench.toml. See bench/README.md for the method.
#
# Usage: bench/run_bench.sh [BINARY] [--paths "1e5 1e6 1e7 1e8"] [--backends "cuda cpu"]
#                           [--cpu-max-paths 1e7] [--threads N] [--device N]
#                           [--scenario FILE]
#   BINARY           the chokepoint binary (default: build/chokepoint)
#   --paths          path counts to run (numbers like 1e6 are accepted)
#   --backends       backends to try; those the binary cannot use are skipped
#   --cpu-max-paths  skip CPU runs above this many paths (default 1e7: the CPU
#                    needs hours for 1e8); "inf" runs them all
#   --threads        CPU threads (passed to chokepoint; default: all cores)
#   --device         GPU index (passed to chokepoint; default 0)
#   --scenario       scenario to time (default bench/bench.toml)
# The table goes to stdout, progress and notes to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

binary="$root/build/chokepoint"
paths_list="1e5 1e6 1e7 1e8"
backends="cuda cpu"
cpu_max="1e7"
threads=""
device=""
scenario="$here/bench.toml"

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
need_value() { [[ $# -ge 2 && -n "$2" ]] || { echo "run_bench.sh: $1 needs a value" >&2; exit 2; }; }

positional_done=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --paths) need_value "$@"; paths_list="$2"; shift 2 ;;
    --backends) need_value "$@"; backends="$2"; shift 2 ;;
    --cpu-max-paths) need_value "$@"; cpu_max="$2"; shift 2 ;;
    --threads) need_value "$@"; threads="$2"; shift 2 ;;
    --device) need_value "$@"; device="$2"; shift 2 ;;
    --scenario) need_value "$@"; scenario="$2"; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "run_bench.sh: unknown option $1" >&2; usage ;;
    *)
      [[ $positional_done -eq 0 ]] || { echo "run_bench.sh: unexpected argument $1" >&2; usage; }
      binary="$1"; positional_done=1; shift ;;
  esac
done

[[ -x "$binary" ]] || { echo "run_bench.sh: $binary is not an executable (build first, or pass BINARY)" >&2; exit 2; }
[[ -f "$scenario" ]] || { echo "run_bench.sh: scenario $scenario not found" >&2; exit 2; }

# "1e6" -> 1000000; rejects anything that is not a positive whole number.
to_int() {
  awk -v x="$1" 'BEGIN { if (x == "inf") { print "inf"; exit 0 }
                         if (x !~ /^[0-9]+(\.[0-9]+)?([eE][+]?[0-9]+)?$/ || x + 0 < 1 || x != int(x)) exit 1
                         printf "%.0f\n", x }'
}
cpu_max_int="$(to_int "$cpu_max")" || { echo "run_bench.sh: bad --cpu-max-paths $cpu_max" >&2; exit 2; }
counts=()
for p in $paths_list; do
  n="$(to_int "$p")" || { echo "run_bench.sh: bad path count $p" >&2; exit 2; }
  [[ "$n" != inf ]] || { echo "run_bench.sh: bad path count $p" >&2; exit 2; }
  counts+=("$n")
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# --- What the binary can run ---------------------------------------------------
info="$("$binary" info 2>&1)" || { echo "run_bench.sh: '$binary info' failed:" >&2; echo "$info" >&2; exit 1; }
usable=()
for b in $backends; do
  case "$b" in
    cpu) usable+=(cpu) ;;
    cuda)
      if grep -q '^GPU [0-9]*:' <<<"$info"; then
        usable+=(cuda)
      else
        echo "run_bench.sh: skipping cuda: '$binary info' lists no GPU" >&2
      fi ;;
    *) echo "run_bench.sh: skipping unknown backend '$b'" >&2 ;;
  esac
done
[[ ${#usable[@]} -gt 0 ]] || { echo "run_bench.sh: no backend to run" >&2; exit 1; }

# --- Buyer-days per path, from the resolved scenario ---------------------------
# Σ over industries of buyers (default 1) × horizon_days.
resolved="$("$binary" validate "$scenario" 2>"$tmp/validate.err")" || {
  echo "run_bench.sh: '$binary validate $scenario' failed:" >&2; cat "$tmp/validate.err" >&2; exit 1; }
buyer_days="$(awk '
  function flush() { if (in_industry) total += buyers }
  /^\[/ { flush(); in_industry = ($0 ~ /^\[\[industry\]\][ \t]*$/); buyers = 1 }
  in_industry && /^buyers[ \t]*=/ { sub(/^buyers[ \t]*=[ \t]*/, ""); sub(/[ \t]*#.*/, ""); buyers = $0 + 0 }
  /^horizon_days[ \t]*=/ { sub(/^horizon_days[ \t]*=[ \t]*/, ""); sub(/[ \t]*#.*/, ""); horizon = $0 + 0 }
  END { flush(); if (horizon == 0) horizon = 365; printf "%.0f\n", total * horizon }' <<<"$resolved")"
# bench/bench.toml is 8 industries x 12 buyers x 365 days = 35,040 buyer-days per path.
if [[ "$(cd "$(dirname "$scenario")" && pwd)/$(basename "$scenario")" == "$here/bench.toml" && "$buyer_days" != 35040 ]]; then
  echo "run_bench.sh: note: bench/bench.toml now has $buyer_days buyer-days per path (was 35,040); timings are not comparable with older tables" >&2
fi

# --- Runs -------------------------------------------------------------------------
rows=()
declare -A rate_of
for b in "${usable[@]}"; do
  for n in "${counts[@]}"; do
    if [[ "$b" == cpu && "$cpu_max_int" != inf && "$n" -gt "$cpu_max_int" ]]; then
      echo "run_bench.sh: skipping cpu at $n paths (above --cpu-max-paths $cpu_max)" >&2
      rows+=("| cpu | $n | skipped (above --cpu-max-paths) | | | | | |")
      continue
    fi
    args=(run "$scenario" -n "$n" --backend "$b" -o "$tmp/b.h5")
    [[ -z "$threads" || "$b" != cpu ]] || args+=(--threads "$threads")
    [[ -z "$device" || "$b" != cuda ]] || args+=(--device "$device")
    echo "run_bench.sh: $binary ${args[*]}" >&2
    start_ns="$(date +%s%N)"
    if ! "$binary" "${args[@]}" 2>"$tmp/run.err" >/dev/null; then
      echo "run_bench.sh: $b at $n paths failed:" >&2
      tail -n 5 "$tmp/run.err" >&2
      rows+=("| $b | $n | failed | | | | | |")
      continue
    fi
    wall="$(awk -v a="$start_ns" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
    rm -f "$tmp/b.h5"
    # chokepoint: wrote FILE (N paths in S s, R paths/s)
    # chokepoint: timing: simulation X s, statistics Y s, writing Z s
    row="$(awk -v backend="$b" -v bd="$buyer_days" -v wall="$wall" '
      /^chokepoint: wrote / {
        line = $0; sub(/.*\(/, "", line); gsub(/,/, "", line)   # "N paths in S s, R paths/s)"
        split(line, w, " "); paths = w[1]; rate = w[6] }
      /^chokepoint: timing: / {
        line = $0; gsub(/[^0-9. ]/, " ", line); split(line, t, " ")
        sim = t[1]; stat = t[2]; wr = t[3] }
      END {
        if (rate == "" || sim == "" || wall <= 0) exit 1
        printf "| %s | %d | %.3f | %.0f | %.3g | %.1f | %.1f | %.1f |\t%s\n",
               backend, paths, wall, rate, rate * bd, 100 * sim / wall, 100 * stat / wall,
               100 * wr / wall, rate }' "$tmp/run.err")" || {
      echo "run_bench.sh: could not read the timing lines of $b at $n paths:" >&2
      tail -n 5 "$tmp/run.err" >&2
      rows+=("| $b | $n | unreadable output | | | | | |")
      continue
    }
    rows+=("${row%%$'\t'*}")
    rate_of["$b,$n"]="${row##*$'\t'}"
  done
done

# --- The table ----------------------------------------------------------------------
gpu_line="$(grep -m1 '^GPU [0-9]*:' <<<"$info" || true)"
cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
echo "chokepoint benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- binary: $binary ($(head -n 1 <<<"$info"))"
echo "- scenario: $scenario ($buyer_days buyer-days per path)"
echo "- CPU: ${cpu_model:-unknown}, $(nproc 2>/dev/null || echo '?') logical cores${threads:+, --threads $threads}"
echo "- GPU: ${gpu_line:-none}"
echo
echo "| backend | paths | wall s | paths/s | buyer-days/s | simulation % | statistics % | writing % |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
ratios=()
for n in "${counts[@]}"; do
  g="${rate_of["cuda,$n"]:-}"
  c="${rate_of["cpu,$n"]:-}"
  if [[ -n "$g" && -n "$c" && "$c" != 0 ]]; then
    ratios+=("$(awk -v g="$g" -v c="$c" -v n="$n" 'BEGIN { printf "| %d | %.1f |", n, g / c }')")
  fi
done
if [[ ${#ratios[@]} -gt 0 ]]; then
  echo
  echo "| paths | GPU/CPU paths/s |"
  echo "|---:|---:|"
  printf '%s\n' "${ratios[@]}"
fi
echo
echo "wall s: the whole command, start to exit. paths/s: the binary's own figure (from the first"
echo "batch to the last statistics, without start-up and the final write). simulation, statistics,"
echo "writing: shares of wall s; the rest is start-up (scenario, model, backend, GPU context)."
