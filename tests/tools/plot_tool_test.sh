#!/usr/bin/env bash
# Test of tools/chokepoint-plot.
#
#   tests/tools/plot_tool_test.sh FILE.h5 OUTDIR [--expect-sweep]
#
# Runs the tool on FILE.h5 with -o OUTDIR and checks that every expected figure
# (per the file's industries and sweep keys) is listed, exists, is a PNG and is
# larger than 5 kB; that sweep figures appear exactly when --expect-sweep is
# given; in a file of several points, that every figure depending on --point
# carries _point<K> in its name and that a second run with --point K (the last
# point) into the same OUTDIR writes its own files and leaves the point-0 files
# untouched; and that a results file of another format or major version, a
# non-HDF5 file, a missing file and an out-of-range --point are refused with
# exit code 2 and no traceback.  The Python used is $CHOKEPOINT_PYTHON, else the first of
# /usr/bin/python3 and python3 that has numpy, h5py, xarray, h5netcdf and matplotlib; without
# one the test exits 77 (skipped).
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ] || { [ $# -eq 3 ] && [ "$3" != "--expect-sweep" ]; }; then
  echo "usage: $0 FILE.h5 OUTDIR [--expect-sweep]" >&2
  exit 2
fi
FILE=$1 OUTDIR=$2 EXPECT_SWEEP=${3:+1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOL=$ROOT/tools/chokepoint-plot
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

PYTHON=${CHOKEPOINT_PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c 'import numpy, h5py, xarray, h5netcdf, matplotlib' >/dev/null 2>&1; then
      PYTHON=$candidate
      break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "SKIP: no Python with numpy, h5py, xarray, h5netcdf and matplotlib (set CHOKEPOINT_PYTHON)" >&2
  exit 77
fi
[ -x "$TOOL" ] || fail "$TOOL is not executable"
head -n 1 "$TOOL" | grep -q '^#!/usr/bin/env python3' || fail "$TOOL lacks the python3 shebang"
[ -f "$FILE" ] || { echo "FAIL: no such file $FILE" >&2; exit 1; }

mkdir -p "$OUTDIR" || exit 1
rm -f "$OUTDIR"/*.png

# What the file holds: industries, number of points, number of swept keys.
read -r -d '' INSPECT <<'EOF'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    names = [v.decode() if isinstance(v, bytes) else str(v) for v in f["industry"][()]]
    keys = len(f["sweep"]) if "sweep" in f else 0
    print(len(f["point"]), keys, *names)
EOF
shape=$("$PYTHON" -c "$INSPECT" "$FILE") || { echo "FAIL: cannot read $FILE with h5py" >&2; exit 1; }
read -r n_points n_keys industries <<<"$shape"

# expected_names K: the figures of a run with --point K.  With several points
# the name of every figure that depends on the point ends in _point<K>:
# per-point figures always, response curves when other keys are held at the
# point's values (two keys or more), heatmaps with three keys or more.
expected_names() {
  local k=$1 per="" names figure
  [ "$n_points" -gt 1 ] && per="_point$k"
  names="exceedance$per first_shortage$per joint_correlation$per joint_count$per regime_occupancy$per unmet_tonnes$per"
  for industry in $industries; do names="$names fan_$industry$per"; done
  if [ -n "$EXPECT_SWEEP" ]; then
    for figure in mean_lost_output p95_lost_output prob_any; do
      if [ "$n_keys" -ge 2 ]; then names="$names sweep_$figure$per"; else names="$names sweep_$figure"; fi
      if [ "$n_keys" -ge 3 ]; then names="$names sweep_heatmap_$figure$per"
      elif [ "$n_keys" -eq 2 ]; then names="$names sweep_heatmap_$figure"; fi
    done
  fi
  echo "$names"
}

# check_run LISTING NAMES: every name listed, present, a PNG over 5 kB; every listed file exists.
check_run() {
  local listing=$1 name png magic size listed
  for name in $2; do
    png=$OUTDIR/$name.png
    grep -qxF "$png" <<<"$listing" || fail "$png not in the list of files written"
    if [ ! -f "$png" ]; then fail "$png missing"; continue; fi
    magic=$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')
    [ "$magic" = "89504e470d0a1a0a" ] || fail "$png is not a PNG (magic $magic)"
    size=$(wc -c <"$png")
    [ "$size" -gt 5000 ] || fail "$png is only $size bytes"
  done
  while IFS= read -r listed; do
    [ -z "$listed" ] || [ -f "$listed" ] || fail "listed file $listed does not exist"
  done <<<"$listing"
}

if [ -n "$EXPECT_SWEEP" ]; then
  [ "$n_points" -gt 1 ] || fail "--expect-sweep but $FILE has a single point"
fi
expected=$(expected_names 0)
listing=$("$PYTHON" "$TOOL" "$FILE" -o "$OUTDIR" 2>"$OUTDIR/plot_stderr.txt")
rc=$?
[ $rc -eq 0 ] || fail "chokepoint-plot exited $rc: $(cat "$OUTDIR/plot_stderr.txt")"
check_run "$listing" "$expected"
[ "$(grep -c . <<<"$listing")" -eq "$(wc -w <<<"$expected")" ] ||
  fail "listed $(grep -c . <<<"$listing") files, expected $(wc -w <<<"$expected")"
if [ -z "$EXPECT_SWEEP" ] && ls "$OUTDIR"/sweep_*.png >/dev/null 2>&1; then
  fail "sweep figures written without --expect-sweep"
fi

# A second point into the same folder: its own names, the point-0 figures untouched.
checked=$(wc -w <<<"$expected")
if [ "$n_points" -gt 1 ]; then
  last=$((n_points - 1))
  point0_names=$(expected_names 0)
  last_names=$(expected_names "$last")
  before=$(cd "$OUTDIR" && for n in $point0_names; do cksum "$n.png"; done)
  listing=$("$PYTHON" "$TOOL" "$FILE" -o "$OUTDIR" --point "$last" 2>"$OUTDIR/plot_stderr.txt")
  rc=$?
  [ $rc -eq 0 ] || fail "chokepoint-plot --point $last exited $rc: $(cat "$OUTDIR/plot_stderr.txt")"
  check_run "$listing" "$last_names"
  # Figures that do not depend on the point (same name for every K) may be rewritten;
  # every point-0 figure whose name carries the point must be byte-identical.
  after=$(cd "$OUTDIR" && for n in $point0_names; do cksum "$n.png"; done)
  for n in $point0_names; do
    case " $last_names " in *" $n "*) continue ;; esac
    [ "$(grep " $n.png\$" <<<"$before")" = "$(grep " $n.png\$" <<<"$after")" ] ||
      fail "--point $last changed $n.png"
  done
  grep -q "_point0\." <<<"$listing" && fail "--point $last wrote a _point0 file"
  checked=$((checked + $(wc -w <<<"$last_names")))
fi

# Refusals: exit code 2, a message, no traceback.
refuse() {  # refuse DESCRIPTION FILE
  local err=$OUTDIR/refusal_stderr.txt rc
  "$PYTHON" "$TOOL" "$2" -o "$OUTDIR/refused" >/dev/null 2>"$err"
  rc=$?
  [ $rc -eq 2 ] || fail "$1: exit code $rc, expected 2"
  [ -s "$err" ] || fail "$1: no message"
  if grep -q Traceback "$err"; then fail "$1: traceback"; fi
}
"$PYTHON" - "$OUTDIR" <<'EOF' || fail "cannot write the foreign test files"
import sys, h5py
out = sys.argv[1]
with h5py.File(f"{out}/other_format.h5", "w") as f:
    f.attrs["format"] = "something-else"
    f.attrs["format_version"] = "1.0"
    f["x"] = [1.0, 2.0]
with h5py.File(f"{out}/future_version.h5", "w") as f:
    f.attrs["format"] = "chokepoint-results"
    f.attrs["format_version"] = "2.0"
with open(f"{out}/not_hdf5.h5", "w") as f:
    f.write("not an HDF5 file\n")
EOF
refuse "format something-else" "$OUTDIR/other_format.h5"
refuse "format_version 2.0" "$OUTDIR/future_version.h5"
refuse "non-HDF5 file" "$OUTDIR/not_hdf5.h5"
refuse "missing file" "$OUTDIR/does_not_exist.h5"
refuse_point() {  # --point one past the last point
  local err=$OUTDIR/refusal_stderr.txt rc
  "$PYTHON" "$TOOL" "$FILE" -o "$OUTDIR/refused" --point "$n_points" >/dev/null 2>"$err"
  rc=$?
  [ $rc -eq 2 ] || fail "--point $n_points: exit code $rc, expected 2"
  grep -q "out of range" "$err" || fail "--point $n_points: no 'out of range' message"
}
refuse_point

if [ $failures -gt 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "plot tool test passed: $checked figures checked, 5 refusals"
