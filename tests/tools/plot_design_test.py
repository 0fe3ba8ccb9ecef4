#!/usr/bin/env python3
"""tools/chokepoint-plot on designs: one figure per output for each method (tornado,
Sobol bars, Morris scatter, Spearman bars), titled with the output, one panel per
industry titled with the industry, and no sweep response curves.

    plot_design_test.py CHOKEPOINT_BINARY SCENARIO SCRATCH_DIR
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    binary, scenario, scratch = sys.argv[1:4]
    os.makedirs(scratch, exist_ok=True)
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("chokepoint_plot", os.path.join(ROOT, "tools", "chokepoint-plot"))
    spec = importlib.util.spec_from_loader("chokepoint_plot", loader)
    plot = importlib.util.module_from_spec(spec)
    loader.exec_module(plot)
    failures = []
    for method, design in (("oat", "oat"), ("sobol", "sobol:4"), ("morris", "morris:4"), ("lhs", "lhs:8")):
        out = os.path.join(scratch, f"{method}.h5")
        run = subprocess.run([binary, "run", scenario, "-n", "50", "--quiet", "--backend", "cpu", "-o", out,
                              "--design", design, "--factor", "regime.required.approval_prob=0.2:0.6",
                              "--factor", "industry.ind.review_days=1:4"], capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"{method}: run failed: {run.stderr}")
            continue
        args = plot.parse_args([out, "-o", os.path.join(scratch, f"{method}_plots")])
        args.keep_figures = True
        ctx = plot.Context(plot.Results(out), args)
        os.makedirs(args.output, exist_ok=True)
        plot.plot_design(ctx)
        for output in ("lost_output/mean", "lost_output/prob_any"):
            stem = f"design_{method}_{output.replace('/', '_')}"
            path = os.path.join(args.output, f"{stem}.png")
            if not os.path.isfile(path) or os.path.getsize(path) < 5000:
                failures.append(f"{method}: {path} missing or under 5 kB")
                continue
            fig = ctx.figures[stem]
            if output not in fig._suptitle.get_text():
                failures.append(f"{method}: title lacks {output}: {fig._suptitle.get_text()!r}")
            titles = [ax.get_title() for ax in fig.axes if ax.get_visible() and ax.get_title()]
            if not any(t.startswith("ind ") for t in titles):
                failures.append(f"{method}: no panel titled with the industry: {titles}")
        listed = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "chokepoint-plot"), out, "-o",
                                 os.path.join(scratch, f"{method}_all")], capture_output=True, text=True)
        if listed.returncode != 0:
            failures.append(f"{method}: the tool failed: {listed.stderr}")
        if any(os.path.basename(line).startswith("sweep_") for line in listed.stdout.split()):
            failures.append(f"{method}: sweep response curves drawn for a design")
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("design figures: 4 methods, 2 outputs each")


if __name__ == "__main__":
    main()
