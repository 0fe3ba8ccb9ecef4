#!/usr/bin/env bash
# Fuzzes the scenario loader and validator with libFuzzer for a given time.
#
#   tests/fuzz/run_fuzz.sh [SECONDS] [JOBS]        (defaults: 600 s, 1 job)
#
# Builds tests/fuzz/fuzz_scenario.cpp with clang and
#   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
# against the loader sources (host/scenario_*.cpp, host/scenario/sweep_spec.cpp,
# host/scenario/toml_text.cpp) and the flattening (host/model/model.cpp, host/model/day_distribution.cpp);
# toml++ is header-only. Seeds: configs/*.toml, tests/scenarios/*.toml,
# tests/bad_scenarios/*.toml, bench/*.toml, tests/fuzz/regressions/* and a few
# inputs derived from them that use the --set/--vary directives (see
# tests/fuzz/scenario_fuzz_steps.hpp). Dictionary: tests/fuzz/toml.dict.
#
# Everything it writes goes to a work directory outside the repository:
# $CHOKEPOINT_FUZZ_WORK, default /tmp/chokepoint-fuzz:
#   build/      objects and the fuzz_scenario binary
#   corpus/     the grown corpus (kept between runs: a later run goes on from it)
#   seeds/      the seed corpus, rebuilt each run
#   artifacts/  crashers, timeouts, out-of-memory inputs (crash-*, timeout-*, oom-*)
#   logs/       libFuzzer's logs (fuzz-N.log, one per job)
# A crasher found here belongs, minimised, in tests/fuzz/regressions/ (named by what
# it triggered); tests/scenario/test_fuzz_regressions.cpp replays that directory.
#
# Requirements: clang++ (tested with clang 14) and its compiler-rt fuzzer runtime.
# On Debian/Ubuntu the runtime is a separate package: apt-get install libclang-rt-14-dev
# (for clang 14; libclang-rt-N-dev for clang N). The script checks that
# -fsanitize=fuzzer links and says so when it does not.
#
# Environment: CXX (default clang++), CHOKEPOINT_FUZZ_WORK, FUZZ_EXTRA_FLAGS (more
# libFuzzer flags, e.g. "-max_len=8192").
set -euo pipefail

SECONDS_TO_RUN=${1:-600}
JOBS=${2:-1}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${CHOKEPOINT_FUZZ_WORK:-/tmp/chokepoint-fuzz}
CXX=${CXX:-clang++}
FUZZ_EXTRA_FLAGS=${FUZZ_EXTRA_FLAGS:-}

if ! [[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ && "$JOBS" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS] [JOBS]" >&2
  exit 2
fi
case "$WORK" in
  "$REPO"|"$REPO"/*) echo "run_fuzz.sh: the work directory must be outside the repository ($WORK)" >&2; exit 2 ;;
esac

mkdir -p "$WORK"/{build,corpus,seeds,artifacts,logs}

# --- toolchain --------------------------------------------------------------------
if ! command -v "$CXX" >/dev/null 2>&1; then
  echo "run_fuzz.sh: $CXX not found; install clang (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
echo "== $("$CXX" --version | head -n 1)"
probe_dir=$(mktemp -d)
trap 'rm -rf "$probe_dir"' EXIT
cat > "$probe_dir/probe.cpp" <<'EOF'
#include <cstddef>
#include <cstdint>
extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }
EOF
if ! "$CXX" -fsanitize=fuzzer,address,undefined "$probe_dir/probe.cpp" -o "$probe_dir/probe" \
     >"$probe_dir/probe.log" 2>&1; then
  cat "$probe_dir/probe.log" >&2
  echo "run_fuzz.sh: $CXX cannot link -fsanitize=fuzzer: the libFuzzer runtime is missing." >&2
  echo "  On Debian/Ubuntu: apt-get install libclang-rt-14-dev (libclang-rt-N-dev for clang N)." >&2
  exit 2
fi

# --- build ------------------------------------------------------------------------
SOURCES=(
  host/scenario/addresses.cpp host/scenario/document.cpp host/scenario/reader.cpp
  host/scenario/reader_distribution.cpp host/scenario/resolve.cpp
  host/scenario/resolve_entities.cpp host/scenario/toml_writer.cpp host/scenario/sweep_spec.cpp
  host/scenario/toml_text.cpp host/model/model.cpp host/model/day_distribution.cpp tests/fuzz/fuzz_scenario.cpp
)
CXXFLAGS=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
          -fno-sanitize-recover=undefined -I"$REPO")
# An object is rebuilt when its source, or any header of the project, is newer.
newest_header=$(ls -t "$REPO"/host/*.hpp "$REPO"/kernels/*.hpp "$REPO"/tests/fuzz/*.hpp \
                2>/dev/null | head -n 1)
objects=()
pids=()
for src in "${SOURCES[@]}"; do
  obj="$WORK/build/$(basename "${src%.cpp}").o"
  objects+=("$obj")
  if [[ ! -f "$obj" || "$REPO/$src" -nt "$obj" || "$newest_header" -nt "$obj" ]]; then
    echo "== compiling $src"
    "$CXX" "${CXXFLAGS[@]}" -c "$REPO/$src" -o "$obj" &
    pids+=($!)
    if (( ${#pids[@]} >= 2 )); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  fi
done
for pid in "${pids[@]}"; do wait "$pid"; done
"$CXX" "${CXXFLAGS[@]}" "${objects[@]}" -o "$WORK/build/fuzz_scenario"
echo "== built $WORK/build/fuzz_scenario"

# --- seed corpus ------------------------------------------------------------------
rm -rf "$WORK/seeds"
mkdir -p "$WORK/seeds"
shopt -s nullglob
for f in "$REPO"/configs/*.toml "$REPO"/tests/scenarios/*.toml "$REPO"/tests/bad_scenarios/*.toml \
         "$REPO"/bench/*.toml "$REPO"/tests/fuzz/regressions/*; do
  rel=${f#"$REPO"/}
  cp "$f" "$WORK/seeds/${rel//\//_}"
done
# Smaller variants without whole-line comments (the default scenario is mostly comments),
# and variants that exercise --set and --vary through the directives.
for f in "$REPO"/configs/*.toml "$REPO"/bench/*.toml; do
  base=$(basename "${f%.toml}")
  grep -v -E '^[[:space:]]*(#|$)' "$f" > "$WORK/seeds/stripped_$base.toml" || true
  regime=$(grep -m1 -A1 '^\[\[regime\]\]' "$f" | sed -n 's/^id *= *"\(.*\)".*/\1/p')
  industry=$(grep -m1 -A1 '^\[\[industry\]\]' "$f" | sed -n 's/^id *= *"\(.*\)".*/\1/p')
  material=$(grep -m1 -A1 '^\[\[material\]\]' "$f" | sed -n 's/^id *= *"\(.*\)".*/\1/p')
  {
    echo "#set regime.$regime.approval_prob=0.25"
    echo "#set industry.$industry.inventory_days.$material=12.5"
    echo "#set regime.$regime.materials.$material.review_days={dist=\"lognormal\",median=30,sigma=0.5,max=200}"
    echo "#vary regime.$regime.approval_prob=0.5,0.7,0.9"
    echo "#vary industry.$industry.transit_days=0:60:30"
    cat "$WORK/seeds/stripped_$base.toml"
  } > "$WORK/seeds/directives_$base.toml"
  { echo "@simulation.horizon_days=30"; cat "$WORK/seeds/stripped_$base.toml"; } \
    > "$WORK/seeds/set_line_$base.toml"
  { echo "!general_licence.grant_prob=0:1:0.5"; cat "$WORK/seeds/stripped_$base.toml"; } \
    > "$WORK/seeds/vary_line_$base.toml"
done
echo "== seeds: $(ls "$WORK/seeds" | wc -l) files; corpus so far: $(ls "$WORK/corpus" | wc -l) files"

# --- run --------------------------------------------------------------------------
before=$(ls "$WORK/artifacts" | wc -l)
rm -f "$WORK"/logs/fuzz-*.log
start=$(date +%s)
cd "$WORK/logs"
set +e
# shellcheck disable=SC2086
"$WORK/build/fuzz_scenario" "$WORK/corpus" "$WORK/seeds" \
  -dict="$REPO/tests/fuzz/toml.dict" \
  -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 \
  -jobs="$JOBS" -workers="$JOBS" \
  -artifact_prefix="$WORK/artifacts/" -print_final_stats=1 $FUZZ_EXTRA_FLAGS
status=$?
set -e
end=$(date +%s)

# --- summary ----------------------------------------------------------------------
executions=0
for log in "$WORK"/logs/fuzz-*.log; do
  n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [[ -z "$n" ]]; then  # a job that crashed prints no final stats: its last status line
    n=$(grep -a -o -E '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
  fi
  executions=$((executions + ${n:-0}))
done
after=$(ls "$WORK/artifacts" | wc -l)
echo
echo "==== fuzz summary ===="
echo "wall time:        $((end - start)) s (max_total_time ${SECONDS_TO_RUN} s x ${JOBS} job(s))"
echo "total executions: $executions"
echo "corpus size:      $(ls "$WORK/corpus" | wc -l) files ($(du -sk "$WORK/corpus" | cut -f1) KiB)"
echo "new artifacts:    $((after - before)) (crashes, timeouts, out-of-memory) in $WORK/artifacts"
if (( after > before )); then
  ls -t "$WORK/artifacts" | head -n $((after - before)) | sed 's/^/  /'
fi
echo "libFuzzer exit:   $status"
echo "logs:             $WORK/logs/fuzz-*.log"
exit "$status"
