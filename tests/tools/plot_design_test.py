#!/usr/bin/env python3
"""Design figures, drawn by the package (chokepoint.plot) and by tools/chokepoint-plot: one
figure per output for each method (tornado, Sobol bars, Morris scatter, Spearman bars),
titled with the output, one panel per industry titled with the industry, and no sweep
response curves for a design.

    plot_design_test.py CHOKEPOINT_BINARY SCENARIO SCRATCH_DIR
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import chokepoint  # noqa: E402
from chokepoint import plot  # noqa: E402

OUTPUTS = ("lost_output/mean", "lost_output/prob_any")
#: the package's function for each method, and the artist its panel must hold
FUNCTIONS = {"oat": plot.tornado, "sobol": plot.sobol_indices, "morris": plot.morris, "lhs": plot.spearman}


def check_figure(where, fig, output, industries, failures):
    title = fig._suptitle.get_text() if fig._suptitle is not None else ""
    if output not in title:
        failures.append(f"{where}: title lacks {output}: {title!r}")
    titles = [ax.get_title(loc="left") or ax.get_title() for ax in fig.axes if ax.get_visible()]
    for industry in industries:
        if not any(t.startswith(f"{industry} ") and "noise share" in t for t in titles):
            failures.append(f"{where}: no panel titled with {industry} and its noise share: {titles}")


def main():
    binary, scenario, scratch = sys.argv[1:4]
    os.makedirs(scratch, exist_ok=True)
    failures = []
    for method, design in (("oat", "oat"), ("sobol", "sobol:4"), ("morris", "morris:4"), ("lhs", "lhs:8")):
        out = os.path.join(scratch, f"{method}.h5")
        run = subprocess.run([binary, "run", scenario, "-n", "50", "--quiet", "--backend", "cpu", "-o", out,
                              "--design", design, "--factor", "regime.required.approval_prob=0.2:0.6",
                              "--factor", "industry.ind.review_days=1:4"], capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"{method}: run failed: {run.stderr}")
            continue
        res = chokepoint.open_results(out)
        industries = [str(i) for i in res["industry"].values]
        # the package: every figure all_figures draws, by file stem
        figures, failed = plot.all_figures(res)
        if failed:
            failures.append(f"{method}: all_figures failed: {failed}")
        sweeps = [stem for stem in figures if stem.startswith("sweep_")]
        if sweeps:
            failures.append(f"{method}: sweep response curves drawn for a design: {sweeps}")
        for output in OUTPUTS:
            stem = f"design_{method}_{output.replace('/', '_')}"
            if stem not in figures:
                failures.append(f"{method}: all_figures drew no {stem} (drew {sorted(figures)})")
                continue
            check_figure(f"{method} all_figures {stem}", figures[stem], output, industries, failures)
            fig = FUNCTIONS[method](res, output)
            check_figure(f"{method} {FUNCTIONS[method].__name__}({output!r})", fig, output, industries, failures)
            ax = plt.subplots()[1]
            if FUNCTIONS[method](res, output, industries[0], ax=ax) is not ax.figure or not ax.has_data():
                failures.append(f"{method}: {FUNCTIONS[method].__name__}(ax=) drew nothing into the given axes")
        plt.close("all")
        # the command line: the same files, over 5 kB, and no sweep_ curves
        plots = os.path.join(scratch, f"{method}_plots")
        listed = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "chokepoint-plot"), out, "-o", plots],
                                capture_output=True, text=True)
        if listed.returncode != 0:
            failures.append(f"{method}: the tool failed ({listed.returncode}): {listed.stderr}")
        written = listed.stdout.split()
        if any(os.path.basename(line).startswith("sweep_") for line in written):
            failures.append(f"{method}: the tool drew sweep response curves for a design")
        for output in OUTPUTS:
            path = os.path.join(plots, f"design_{method}_{output.replace('/', '_')}.png")
            if path not in written:
                failures.append(f"{method}: the tool did not list {path}")
            if not os.path.isfile(path) or os.path.getsize(path) < 5000:
                failures.append(f"{method}: {path} missing or under 5 kB")
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("design figures: 4 methods, 2 outputs each, from the package and the command line")


if __name__ == "__main__":
    main()
