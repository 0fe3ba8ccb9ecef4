#!/usr/bin/env python3
"""SALib's analyse functions on a design's stored rows and outputs give the indices
chokepoint stored (point estimates within 1e-9 relative).

    salib_parity_test.py CHOKEPOINT_BINARY SCENARIO SCRATCH_DIR

Runs a Sobol design with second-order indices and a Morris design on SCENARIO,
then for every output and industry hands SALib.analyze.sobol the outputs in the
stored point order, and SALib.analyze.morris the stored rows (design/unit) and
outputs. Only point estimates are compared: the bootstrap half-widths come from
other random draws.
"""
import os
import subprocess
import sys

import h5py
import numpy as np
from SALib.analyze import morris, sobol

# Tolerance: both sides sum the same products in other orders (numpy pairwise,
# chokepoint compensated); the indices are O(1) ratios of such sums.
RTOL = 1e-9
ATOL = 1e-12


def run(binary, scenario, out, design):
    command = [binary, "run", scenario, "-n", "300", "--quiet", "--backend", "cpu", "-o", out,
               "--design", design,
               "--factor", "regime.required.approval_prob=0.2:0.7",
               "--factor", "industry.ind.target_days=1:4",
               "--factor", "industry.ind.review_days=1:3"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"run failed ({result.returncode}): {result.stderr}")


def outputs_of(f, output):
    return {"lost_output/mean": f["lost_output/mean"][...],
            "lost_output/prob_any": f["lost_output/prob_any"][...]}[output]


def compare(name, ours, theirs, failures):
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    if not np.allclose(ours, theirs, rtol=RTOL, atol=ATOL, equal_nan=True):
        failures.append(f"{name}: chokepoint {ours} SALib {theirs}")


def main():
    binary, scenario, scratch = sys.argv[1:4]
    os.makedirs(scratch, exist_ok=True)
    failures = []
    checked = 0

    path = os.path.join(scratch, "sobol.h5")
    # Second order has no option: a copy of the scenario carries it in [design].
    with open(scenario) as source:
        text = source.read()
    sobol_scenario = os.path.join(scratch, "sobol.toml")
    with open(sobol_scenario, "w") as copy:
        copy.write(text + '\n[design]\nmethod = "sobol"\nsamples = 32\nsecond_order = true\n')
    run(binary, sobol_scenario, path, "sobol:32")
    with h5py.File(path, "r") as f:
        factors = [x.decode() if isinstance(x, bytes) else x for x in f["factor"][...]]
        outputs = [x.decode() if isinstance(x, bytes) else x for x in f["output"][...]]
        k = len(factors)
        problem = {"num_vars": k, "names": factors, "bounds": [[0, 1]] * k}
        assert f["design/unit"].shape == (32 * (2 * k + 2), k), f["design/unit"].shape
        for o, output in enumerate(outputs):
            y = outputs_of(f, output)
            for i in range(y.shape[1]):
                si = sobol.analyze(problem, y[:, i].copy(), calc_second_order=True,
                                   num_resamples=10, seed=1)
                where = f"sobol {output} industry {i}"
                compare(where + " S1", f["sensitivity/S1"][o, i], si["S1"], failures)
                compare(where + " ST", f["sensitivity/ST"][o, i], si["ST"], failures)
                compare(where + " S2", f["sensitivity/S2"][o, i], si["S2"], failures)
                checked += 1

    path = os.path.join(scratch, "morris.h5")
    run(binary, scenario, path, "morris:10")
    with h5py.File(path, "r") as f:
        outputs = [x.decode() if isinstance(x, bytes) else x for x in f["output"][...]]
        x = f["design/unit"][...]
        k = x.shape[1]
        problem = {"num_vars": k, "names": [f"x{j}" for j in range(k)], "bounds": [[0, 1]] * k}
        for o, output in enumerate(outputs):
            y = outputs_of(f, output)
            for i in range(y.shape[1]):
                si = morris.analyze(problem, x, y[:, i].copy(), num_levels=4, num_resamples=10,
                                    seed=1)
                where = f"morris {output} industry {i}"
                for name in ("mu", "mu_star", "sigma"):
                    compare(f"{where} {name}", f[f"sensitivity/{name}"][o, i], si[name], failures)
                checked += 1

    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print(f"SALib parity: {checked} output-industry pairs agree")


if __name__ == "__main__":
    main()
