#!/usr/bin/env bash
# The order statistics of a large run in bounded memory: runs bench/replay.toml
# with a memory budget below what its per-path columns take (so the run counts
# and replays its paths), reports peak resident memory (GNU time) and the
# time split the run prints (simulation, replays, counting); then checks at a
# smaller path count that the replayed results equal the in-memory ones bit
# for bit (every dataset; Python with h5py).
#
#   bench/replay_bench.sh BINARY PATHS BUDGET [CHECK_PATHS] [THREADS]
#   bench/replay_bench.sh build/chokepoint 10000000 64MB 1000000 2
#
# Needs /usr/bin/time (Debian package `time`) and /usr/bin/python3 with h5py.
set -euo pipefail
binary=$1 paths=$2 budget=$3 check=${4:-1000000} threads=${5:-2}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario=$here/replay.toml

peak() {  # command... : runs it, prints its stderr and peak RSS
  /usr/bin/time -f "peak resident memory: %M kB, wall %e s" "$@"
}

echo "== $paths paths, --memory-budget $budget"
peak "$binary" run "$scenario" -n "$paths" --threads "$threads" --memory-budget "$budget" \
  -o "$work/big.h5"

echo "== bit identity at $check paths: in memory, then replayed"
peak "$binary" run "$scenario" -n "$check" --threads "$threads" -o "$work/memory.h5"
# Half the columns (12 bytes per path) plus the fixed part (about 1 MB for this
# scenario) forces the replay.
small=$((check * 6 + 1200000))
peak "$binary" run "$scenario" -n "$check" --threads "$threads" --memory-budget "$small" \
  -o "$work/replay.h5"
/usr/bin/python3 - "$work/memory.h5" "$work/replay.h5" <<'PY'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
names = []
a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)

def same(x, y):
    x, y = np.asarray(x), np.asarray(y)
    if x.shape != y.shape or x.dtype != y.dtype:
        return False
    if x.dtype.kind == "O":  # strings
        return list(x.ravel()) == list(y.ravel())
    return x.tobytes() == y.tobytes()  # bit for bit (NaN equals NaN)

differ = [n for n in names if n not in b or not same(a[n][()], b[n][()])]
print(f"{len(names)} datasets compared, {len(differ)} differ {differ}")
sys.exit(1 if differ else 0)
PY
