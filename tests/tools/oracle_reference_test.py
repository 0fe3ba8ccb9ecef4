"""The lockstep oracle (tests/kernels/lockstep_oracle.hpp) against
tools/reference-model on the random scenarios with remedies of
tests/reference_scenarios/remedies/ (random_coupled_K.toml, the text of random
scenario K with remedies): two implementations of the remedies written
independently of each other and of the event engine, so that a disagreement
of the engine with either can be put down to the engine.

    oracle_reference_test.py LOCKSTEP_MEANS REFERENCE_MODEL PATHS SCENARIO...

Both simulate PATHS paths with their own random numbers; a mean differs by
more than chance when the difference exceeds 5 standard errors plus three
paths' worth of the statistic's range, as in reference_model_test.py.
Compared: per industry the lost output and shortage days, per material the
unmet tonnes and the tonnes denied by quotas, per stockpile the tonnes held
at the end and released to each industry, per industry and material the share
of buyers substituting.
"""
import json
import math
import os
import re
import subprocess
import sys
import tomllib


def main():
    means, reference, paths = sys.argv[1], sys.argv[2], int(sys.argv[3])
    problems = []
    for k, scenario in enumerate(sys.argv[4:]):
        name = os.path.basename(scenario)
        number = int(re.search(r"random_coupled_(\d+)\.toml$", scenario).group(1))
        ours = json.loads(subprocess.run([means, str(number), str(paths)], check=True,
                                         capture_output=True, text=True).stdout)
        ref = json.loads(subprocess.run([sys.executable, reference, scenario, "--paths",
                                         str(paths), "--seed", str(2000 + k)], check=True,
                                        capture_output=True, text=True).stdout)
        with open(scenario, "rb") as f:
            sc = tomllib.load(f)
        T = int(sc["simulation"].get("horizon_days", 365))
        mats = [m["id"] for m in sc["material"]]
        inds = sc["industry"]
        planned = [sum(float(ind["need"].get(m, 0.0)) for ind in inds) * T for m in mats]
        found = []

        def compare(what, mine, theirs, scale):
            (m1, s1), (m2, s2) = mine, theirs
            limit = 5 * math.sqrt((s1 ** 2 + s2 ** 2) / paths) + 3 * scale / paths
            if not abs(m1 - m2) <= limit:
                found.append(f"{name}: {what}: oracle {m1:.6g}, reference {m2:.6g}, "
                             f"difference {m1 - m2:.3g} > {limit:.3g}")

        for i, ind in enumerate(ref["industries"]):
            compare(f"industry {ind['id']} lost output", ours["lost"][i],
                    (ind["lost_mean"], ind["lost_std"]), 1.0)
            compare(f"industry {ind['id']} shortage days", ours["short_days"][i],
                    (ind["short_days_mean"], ind["short_days_std"]), T)
        for m, mat in enumerate(mats):
            scale = max(planned[m], 1e-9)
            compare(f"material {mat} unmet tonnes", ours["unmet"][m],
                    (ref["unmet_mean"][m], ref["unmet_std"][m]), scale)
            compare(f"material {mat} denied tonnes", ours["denied"][m],
                    (ref["quota_denied_mean"][m], ref["quota_denied_std"][m]), scale)
            for i, ind in enumerate(inds):
                share = ref["substitution_share"][i][m]
                pooled = (paths * (ours["share"][i][m][0] + share) + 2) / (2 * paths + 4)
                sd = math.sqrt(pooled * (1 - pooled))
                compare(f"industry {ind['id']} material {mat} substitution share",
                        (ours["share"][i][m][0], sd), (share, sd), 1.0)
        for s, pile in enumerate(ref["stockpiles"]):
            tonnes = max(float(sc["stockpile"][s]["tonnes"]), 1e-9)
            compare(f"stockpile {pile['id']} held at the end", ours["final"][s],
                    (pile["final_mean"], pile["final_std"]), tonnes)
            for i, ind in enumerate(inds):
                need = float(ind["need"].get(sc["stockpile"][s]["material"], 0.0)) * T
                compare(f"stockpile {pile['id']} released to {ind['id']}", ours["released"][s][i],
                        (pile["released_mean"][i], pile["released_std"][i]), max(need, 1e-9))
        print(f"{name}: {'agrees' if not found else 'DIFFERS'}", flush=True)
        problems += found
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
