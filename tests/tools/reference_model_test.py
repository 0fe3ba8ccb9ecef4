"""chokepoint against tools/reference-model, an independent implementation of
the model's rules, on scenario files: the means over the paths must agree.

    reference_model_test.py CHOKEPOINT REFERENCE_MODEL WORK_DIR PATHS SCENARIO...

Both simulate PATHS paths of each scenario with their own random numbers, so
each mean differs from the other by chance only, with standard error
se = sqrt(s1^2 / N + s2^2 / N). A mean is a mismatch when the difference
exceeds 5 se + 3/N of the statistic's range (shortfalls, shares and
probabilities: 1; shortage days: T; unmet tonnes: the planned need). Five
standard errors leave a chance of under 10^-6 per comparison of failing by
luck. The floor of three paths' worth keeps statistics that are nearly
constant (a day count that a few paths in thousands change, which one sample
may not see at all) from failing on those few paths. Both seeds are fixed, so the outcome is the
same on every run. Compared: per industry the lost output and the shortage
days, and per report interval the mean shortfall, the probability of a short
day and the survival to the interval's end; per regime the share of days; per
material the unmet tonnes.
"""
import json
import math
import os
import subprocess
import sys
import tomllib

import h5py


def check(chokepoint, reference, work, paths, scenario, seed):
    name = os.path.basename(scenario)
    out = os.path.join(work, name + ".h5")
    subprocess.run([chokepoint, "run", scenario, "-n", str(paths), "-o", out, "--quiet"], check=True)
    ref = json.loads(subprocess.run([sys.executable, reference, scenario, "--paths", str(paths),
                                     "--seed", str(seed)], check=True, capture_output=True,
                                    text=True).stdout)
    with open(scenario, "rb") as f:
        sc = tomllib.load(f)
    T = int(sc.get("simulation", {}).get("horizon_days", 365))
    N = paths
    problems = []

    def compare(what, ours, ours_std, theirs, theirs_std, scale):
        se = math.sqrt(ours_std ** 2 / N + theirs_std ** 2 / N)
        limit = 5 * se + 3 * scale / N
        if not abs(ours - theirs) <= limit:
            problems.append(f"{name}: {what}: chokepoint {ours:.6g}, reference {theirs:.6g}, "
                            f"difference {ours - theirs:.3g} > {limit:.3g}")

    with h5py.File(out, "r") as h:
        lost = h["lost_output/mean"][0]
        lost_std = h["lost_output/std"][0]
        days = h["shortage_days/mean"][0]
        occupancy = h["regime_occupancy"][0]
        interval = h["shortfall/mean"][0]
        interval_short = h["shortfall/prob_short"][0]
        survival = h["first_shortage/survival"][0]
        unmet = h["unmet_tonnes/mean"][0]
    for i, ind in enumerate(ref["industries"]):
        compare(f"industry {ind['id']} lost output", lost[i], lost_std[i], ind["lost_mean"],
                ind["lost_std"], 1.0)
        # chokepoint's file has no standard deviation of the day count: the
        # reference's stands for both.
        compare(f"industry {ind['id']} shortage days", days[i], ind["short_days_std"],
                ind["short_days_mean"], ind["short_days_std"], T)
        for k, mean in enumerate(ind["interval_mean"]):
            sd = ind["interval_std"][k]  # the file has none: the reference's for both
            compare(f"industry {ind['id']} interval {k} shortfall", interval[i][k], sd, mean, sd,
                    1.0)
            # Fractions of paths: the binomial standard deviation of the two
            # samples pooled, with two successes and two failures added
            # (Agresti-Coull), so that a fraction both see as 0 or 1 but for a
            # few paths is not given a deviation of 0.
            for what, ours, theirs in (("P(short)", interval_short[i][k],
                                        ind["interval_prob_short"][k]),
                                       ("survival", survival[i][k], ind["survival"][k])):
                pooled = (N * (ours + theirs) + 2) / (2 * N + 4)
                sd = math.sqrt(pooled * (1 - pooled))
                compare(f"industry {ind['id']} interval {k} {what}", ours, sd, theirs, sd, 1.0)
    for r, share in enumerate(ref["regime_days_mean"]):
        sd = ref["regime_days_std"][r]  # the file has none: the reference's for both
        compare(f"regime {r} share of days", occupancy[r], sd, share, sd, 1.0)
    planned = [0.0] * len(ref["unmet_mean"])
    mats = [m["id"] for m in sc["material"]]
    for ind in sc["industry"]:
        for m, mat in enumerate(mats):
            planned[m] += float(ind["need"].get(mat, 0.0)) * T
    for m, mean in enumerate(ref["unmet_mean"]):
        compare(f"material {mats[m]} unmet tonnes", unmet[m], ref["unmet_std"][m], mean,
                ref["unmet_std"][m], max(planned[m], 1e-9))
    return problems


def main():
    chokepoint, reference, work, paths = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    os.makedirs(work, exist_ok=True)
    problems = []
    for k, scenario in enumerate(sys.argv[5:]):
        found = check(chokepoint, reference, work, paths, scenario, 1000 + k)
        print(f"{os.path.basename(scenario)}: {'agrees' if not found else 'DIFFERS'}", flush=True)
        problems += found
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
