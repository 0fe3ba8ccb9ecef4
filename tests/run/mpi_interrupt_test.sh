#!/usr/bin/env bash
# SIGINT and SIGTERM to mpirun while its ranks simulate: the run stops, with
# no results file and no temporary left, and says so once. Exit 77 (skipped)
# when mpirun is missing or the binary was built without MPI.
#   tests/run/mpi_interrupt_test.sh BINARY SCENARIO WORKDIR
set -uo pipefail
binary=$1 scenario=$2 work=$3
command -v mpirun >/dev/null || { echo "no mpirun: MPI test skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
failures=0
for signal in INT TERM; do
  out="$work/run_$signal.h5"
  mpirun --oversubscribe --allow-run-as-root --bind-to none -x OMP_NUM_THREADS=1 -x LSAN_OPTIONS=detect_leaks=0 -n 2 \
    "$binary" run "$scenario" -n 2000000 --threads 1 -o "$out" >"$work/log_$signal" 2>&1 &
  pid=$!
  # Signal once the ranks simulate: rank 0 has created its temporary file.
  for ((k = 0; k < 300; k++)); do
    compgen -G "$out.tmp-*" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! compgen -G "$out.tmp-*" >/dev/null; then
    if grep -q "built without MPI" "$work/log_$signal"; then
      echo "built without MPI: MPI test skipped"; wait "$pid"; exit 77
    fi
    echo "SIG$signal: the run never started"; cat "$work/log_$signal"; failures=$((failures + 1))
  fi
  sleep 0.5
  kill -s "$signal" "$pid"
  wait "$pid"
  code=$?
  if ((code == 0)); then echo "SIG$signal: mpirun exited 0"; failures=$((failures + 1)); fi
  if [[ -e $out ]] || compgen -G "$out.tmp-*" >/dev/null; then
    echo "SIG$signal: a results or temporary file was left"; ls -la "$work"; failures=$((failures + 1))
  fi
  if (($(grep -c "chokepoint: wrote" "$work/log_$signal") != 0)); then
    echo "SIG$signal: the run finished instead"; failures=$((failures + 1))
  fi
  echo "SIG$signal: mpirun exit $code"; cat "$work/log_$signal"
done
((failures == 0))
