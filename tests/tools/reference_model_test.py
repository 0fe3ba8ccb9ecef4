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
material the unmet tonnes. Scenarios with remedies add: per stockpile the
tonnes held at the end of each interval (scale: its tonnes), the probability
that it is empty then, and the tonnes released to each industry (scale: that
industry's planned need); per material the tonnes denied by quotas (scale: the
planned need) and per interval the probability that a quota denied a request;
per industry and material the share of buyers whose substitution is in effect.

CHOKEPOINT_SKIP_REMEDIES=1 skips the scenarios with remedies (stockpiles,
quotas or substitutions); exit code 77 when that leaves none.
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
    run = subprocess.run([chokepoint, "run", scenario, "-n", str(paths), "-o", out, "--quiet"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return [f"{name}: chokepoint run failed (exit code {run.returncode}): {run.stderr.strip()}"]
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
    if has_remedies(sc):
        problems += check_remedies(out, ref, sc, N, T, compare)
    return problems


def has_remedies(sc):
    return bool(sc.get("stockpile") or sc.get("quota")
                or any(ind.get("substitution") for ind in sc["industry"]))


def check_remedies(out, ref, sc, N, T, compare):
    """The remedies' figures of the results file against the reference's."""
    problems = []

    def fraction(what, ours, theirs):
        pooled = (N * (ours + theirs) + 2) / (2 * N + 4)
        sd = math.sqrt(pooled * (1 - pooled))
        compare(what, ours, sd, theirs, sd, 1.0)

    mats = [m["id"] for m in sc["material"]]
    inds = sc["industry"]
    with h5py.File(out, "r") as h:
        for s, pile in enumerate(ref["stockpiles"]):
            scale = max(float(sc["stockpile"][s]["tonnes"]), 1e-9)
            for k, mean in enumerate(pile["remaining_mean"]):
                sd = pile["remaining_std"][k]  # the file has none: the reference's for both
                compare(f"stockpile {pile['id']} interval {k} held", h["stockpiles/remaining"][0][s][k],
                        sd, mean, sd, scale)
                fraction(f"stockpile {pile['id']} interval {k} P(empty)",
                         h["stockpiles/prob_empty"][0][s][k], pile["prob_empty"][k])
            for i, mean in enumerate(pile["released_mean"]):
                planned = float(inds[i]["need"].get(sc["stockpile"][s]["material"], 0.0)) * T
                sd = pile["released_std"][i]
                compare(f"stockpile {pile['id']} released to {inds[i]['id']}",
                        h["stockpiles/released"][0][s][i], sd, mean, sd, max(planned, 1e-9))
        if sc.get("quota"):
            for m, mean in enumerate(ref["quota_denied_mean"]):
                planned = sum(float(ind["need"].get(mats[m], 0.0)) for ind in inds) * T
                sd = ref["quota_denied_std"][m]
                compare(f"material {mats[m]} tonnes denied by quotas", h["quota/denied_tonnes"][0][m],
                        sd, mean, sd, max(planned, 1e-9))
                for k, p in enumerate(ref["quota_prob_binding"][m]):
                    fraction(f"material {mats[m]} interval {k} P(quota binds)",
                             h["quota/prob_binding"][0][m][k], p)
        if any(ind.get("substitution") for ind in inds):
            for i, row in enumerate(ref["substitution_share"]):
                for m, share in enumerate(row):
                    fraction(f"industry {inds[i]['id']} material {mats[m]} substitution share",
                             h["substitution/share"][0][i][m], share)
    return problems


def main():
    chokepoint, reference, work, paths = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    os.makedirs(work, exist_ok=True)
    problems = []
    skip_remedies = bool(os.environ.get("CHOKEPOINT_SKIP_REMEDIES"))
    checked = 0
    for k, scenario in enumerate(sys.argv[5:]):
        if skip_remedies:
            with open(scenario, "rb") as f:
                if has_remedies(tomllib.load(f)):
                    print(f"{os.path.basename(scenario)}: skipped (CHOKEPOINT_SKIP_REMEDIES)")
                    continue
        found = check(chokepoint, reference, work, paths, scenario, 1000 + k)
        print(f"{os.path.basename(scenario)}: {'agrees' if not found else 'DIFFERS'}", flush=True)
        problems += found
        checked += 1
    if checked == 0:
        return 77
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
