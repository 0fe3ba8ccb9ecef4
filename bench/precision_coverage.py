#!/usr/bin/python3
"""Coverage of the 95% intervals of runs that stop at a target precision.

Repeats a small run with precision targets under many seeds on
tests/scenarios/precision_two_industries.toml, whose `exposed` industry has a
known mean lost output E[L] = 0.005 and P(short) = 1 - 0.995^10, and counts how
often the reported intervals cover the truth: mean ± 1.96·stderr, and Wilson's
interval for P(short). For contrast, the same seeds with a fixed path count (the
median stopping point). Usage:

    bench/precision_coverage.py BINARY [RUNS] [TARGET] [CHECK_PATHS]

e.g. bench/precision_coverage.py build/chokepoint 400 lost_output/mean=10% 250
(needs h5py; each run takes a fraction of a second).
"""
import math
import os
import subprocess
import sys
import tempfile

import h5py

TRUE_MEAN = 0.005
TRUE_PROB = 1 - 0.995 ** 10
Z = 1.96


def wilson(k, n):
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def run(binary, scenario, out, seed, extra):
    subprocess.run([binary, "run", scenario, "-o", out, "--quiet", "--seed", str(seed),
                    "--threads", "1"] + extra, check=True)
    with h5py.File(out, "r") as f:
        n = int(f.attrs["paths"])
        mean = float(f["lost_output/mean"][0, 0])
        se = float(f["lost_output/stderr"][0, 0])
        prob = float(f["lost_output/prob_any"][0, 0])
    return n, mean, se, round(prob * n)


def coverage(results):
    mean_hits = sum(abs(m - TRUE_MEAN) <= Z * se for _, m, se, _ in results)
    prob_hits = 0
    for n, _, _, k in results:
        lo, hi = wilson(k, n)
        prob_hits += lo <= TRUE_PROB <= hi
    return mean_hits / len(results), prob_hits / len(results)


def main():
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    target = sys.argv[3] if len(sys.argv) > 3 else "lost_output/mean=10%"
    check = sys.argv[4] if len(sys.argv) > 4 else "250"
    here = os.path.dirname(os.path.abspath(__file__))
    scenario = os.path.join(here, "..", "tests", "scenarios", "precision_two_industries.toml")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        stopped = [run(binary, scenario, out, seed,
                       ["-n", "200000", "--set", "simulation.precision_check_paths=" + check,
                        "--precision", target])
                   for seed in range(1, runs + 1)]
        ns = sorted(r[0] for r in stopped)
        median = ns[len(ns) // 2]
        fixed = [run(binary, scenario, out, seed, ["-n", str(median)])
                 for seed in range(1, runs + 1)]
    runs_f = float(runs)
    sd = math.sqrt(0.95 * 0.05 / runs_f)
    print(f"{runs} runs, target {target}, checkpoints every {check} paths")
    print(f"stopping points: min {ns[0]}, median {median}, max {ns[-1]}")
    for name, results in (("stopped by precision", stopped), (f"fixed n = {median}", fixed)):
        mean_cov, prob_cov = coverage(results)
        print(f"{name:>24}: mean ± 1.96 stderr covers E[L] in {100 * mean_cov:.1f}%, "
              f"Wilson covers P(short) in {100 * prob_cov:.1f}% "
              f"(binomial sd of a 95% coverage over {runs} runs: {100 * sd:.1f} points)")


if __name__ == "__main__":
    main()
