#!/usr/bin/env python3
"""Runs every Python block of docs/analysis.md, each on its own.

    analysis_blocks_test.py DOC.md SINGLE.h5 SWEEP.h5 WORKDIR

Each ```python block is written to WORKDIR/block_<n>.py and run in a fresh
interpreter (this one) with WORKDIR as the working directory, where
results/rare_earths_2026.h5 is SINGLE.h5 (a run of the default scenario) and
results/sweep.h5 is SWEEP.h5 (a sweep of it), the names the page uses, and
the package chokepoint (python/ beside the page's docs/) is on PYTHONPATH.  A block
fails when it exits non-zero (an undefined name from another block, a wrong
group or key, ...).  The R and Julia blocks are not run (no R or Julia here);
they are only counted, so that a page without them is noticed.  The page must
also point at model.md for definitions and cite no numbered sections (§).  Run through tests/tools/with_python.sh,
which skips (77) without xarray, h5netcdf, pandas, h5py and matplotlib.
"""
import os
import re
import shutil
import subprocess
import sys

doc, single, sweep, workdir = sys.argv[1:5]
text = open(doc, encoding="utf-8").read()
blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.M | re.S)
others = re.findall(r"^```(r|julia)\n", text, flags=re.M)
failures = []
if not blocks:
    failures.append(f"{doc}: no python blocks found")
if sorted(set(others)) != ["julia", "r"]:
    failures.append(f"{doc}: expected an R and a Julia block, found {others}")
if "§" in text:
    failures.append(f"{doc}: cites numbered sections (§); definitions are in model.md, by section title")
if "model.md" not in text:
    failures.append(f"{doc}: does not point at model.md")

shutil.rmtree(workdir, ignore_errors=True)
os.makedirs(os.path.join(workdir, "results"))
shutil.copyfile(single, os.path.join(workdir, "results", "rare_earths_2026.h5"))
shutil.copyfile(sweep, os.path.join(workdir, "results", "sweep.h5"))
# The package importable (as after pip install -e python); chokepoint.run finds the
# binary through CHOKEPOINT_BIN (set by CTest) or the repository's build/.
package = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(doc))), "python")
env = dict(os.environ, MPLBACKEND="Agg",
           PYTHONPATH=os.pathsep.join([package] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
for n, code in enumerate(blocks, 1):
    script = os.path.join(workdir, f"block_{n}.py")
    with open(script, "w", encoding="utf-8") as f:
        f.write(code)
    first = code.strip().splitlines()[0] if code.strip() else "(empty)"
    try:
        run = subprocess.run([sys.executable, script], cwd=workdir, env=env, capture_output=True, text=True,
                             timeout=300)
    except subprocess.TimeoutExpired:
        failures.append(f"block {n} ({first}): timed out")
        continue
    if run.returncode != 0:
        failures.append(f"block {n} ({first}): exit code {run.returncode}\n{run.stderr.strip()}")
    else:
        print(f"block {n} ok ({first})")

for failure in failures:
    print(f"FAIL: {failure}", file=sys.stderr)
if failures:
    sys.exit(1)
print(f"analysis blocks test passed: {len(blocks)} Python blocks ran on their own; "
      f"{len(others)} R/Julia blocks not run")
