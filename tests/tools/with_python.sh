#!/usr/bin/env bash
# Runs a Python test script with the first interpreter that has the modules it needs.
#
#   tests/tools/with_python.sh MODULES SCRIPT [ARGS...]
#
# MODULES is a comma-separated list (e.g. "numpy,h5py,matplotlib,tomllib").  The
# candidates are $CHOKEPOINT_PYTHON, /usr/bin/python3 (where Debian installs
# h5py, matplotlib and xarray) and python3 on PATH.  Without one that imports
# every module, exits 77: CTest's "skipped".
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 MODULES SCRIPT [ARGS...]" >&2
  exit 2
fi
modules=$1
shift
for candidate in "${CHOKEPOINT_PYTHON:-}" /usr/bin/python3 python3; do
  [ -n "$candidate" ] || continue
  if "$candidate" -c "import ${modules}" >/dev/null 2>&1; then
    export CHOKEPOINT_PLOT_NO_REEXEC=1
    exec "$candidate" "$@"
  fi
done
echo "SKIP: no Python with ${modules} (set CHOKEPOINT_PYTHON)" >&2
exit 77
