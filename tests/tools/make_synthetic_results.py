#!/usr/bin/env python3
"""Write a synthetic chokepoint results file (docs/results-format.md, format 1.0).

The numbers come from a toy model, not from chokepoint: a shared regime
("truce" until a random tightening day, or "expanded" after the scheduled
event), industries that run short some buffer days later, and rare short
blips.  Every figure is computed from the same simulated paths, so the file is
internally consistent (quantiles, histograms, survival, correlations, ...).
It exists so that tools/chokepoint-plot and the docs can be exercised without
the simulator.  Needs numpy and h5py (Debian: /usr/bin/python3).

    make_synthetic_results.py OUT.h5 [--sweep] [--string-sweep]
                              [--start-date YYYY-MM-DD] [--paths N] [--format F]
"""
import argparse
import math

import h5py
import numpy as np

INDUSTRIES = ["automotive", "wind", "electronics", "defence", "medical"]
MATERIALS = ["dysprosium", "terbium", "ndfeb_magnets", "samarium"]
REGIMES = ["open", "truce", "tightened", "expanded"]
QUANTILES = [0.5, 0.9, 0.95, 0.99, 0.999]
NEED = np.array([[0.8, 0.15, 2.0, 0.0],      # tonnes/day, industry x material
                 [0.5, 0.05, 3.0, 0.0],
                 [0.1, 0.02, 0.5, 0.01],
                 [0.05, 0.01, 0.2, 0.05],
                 [0.01, 0.0, 0.05, 0.0]])
BUFFER = np.array([30.0, 45.0, 20.0, 90.0, 60.0])
EXPOSURE = np.array([0.6, 0.4, 0.3, 0.8, 0.0])  # medical: never short
EVENT_DAY = 327

SCENARIO = """\
[scenario]
name = "synthetic rare-earth licensing"
{start}
[simulation]
paths = {paths}
horizon_days = {horizon}
seed = {seed}
initial_regime = {{ truce = 0.8, open = 0.2 }}
report_interval_days = {interval}

[output]
quantiles = {quantiles}
histogram_bins = 100

[[regime]]
id = "open"
mean_duration_days = 600
next = {{ tightened = 1.0 }}

[[regime]]
id = "truce"
mean_duration_days = 330
next = {{ tightened = 1.0 }}
licence = "required"
approval_prob = 0.7
review_days = {{ dist = "triangular", min = 20, mode = 40, max = 90 }}

[[regime]]
id = "tightened"
licence = "required"
approval_prob = 0.3
review_days = {{ dist = "triangular", min = 30, mode = 60, max = 120 }}

[[regime]]
id = "expanded"
licence = "required"
approval_prob = 0.2
review_days = {{ dist = "triangular", min = 45, mode = 90, max = 150 }}
"""
EVENTS = [(120, """
[[event]]
day = 120
to = "tightened"
probability = 0.1
"""), (EVENT_DAY, """
[[event]]
{event_when}
from = ["truce"]
to = "expanded"
probability = 0.5
""")]


def exact_quantiles(sorted_x, levels):
    """sorted[k-1], k = ceil(q N - 1e-9) clamped to 1..N (docs/results-format.md); axis 0."""
    n = sorted_x.shape[0]
    ks = [min(max(math.ceil(q * n - 1e-9), 1), n) for q in levels]
    return np.stack([sorted_x[k - 1] for k in ks], axis=-1), ks


def simulate(n, horizon, approval_prob, auto_inventory, initial, seed):
    """Daily shortfall s [N, I, T] and days per regime [N, R] of the toy model."""
    rng = np.random.default_rng(seed)         # same seed per point: common random numbers
    start_open = rng.random(n) < (0.2 if initial == "mixed" else (initial == "open"))
    tau = np.where(start_open, rng.exponential(600, n), rng.exponential(330, n)).astype(int) + 1
    early = (rng.random(n) < 0.1) & (tau > 120)
    tau = np.where(early, 120, tau)
    expanded = (~start_open) & (tau > EVENT_DAY) & (rng.random(n) < 0.5) & (EVENT_DAY < horizon)
    switch = np.where(expanded, EVENT_DAY, tau)
    days = np.zeros((n, len(REGIMES)))
    first = np.minimum(switch, horizon)
    days[:, 0] = np.where(start_open, first, 0)
    days[:, 1] = np.where(start_open, 0, first)
    days[np.arange(n), np.where(expanded, 3, 2)] += horizon - first

    buffer = BUFFER.copy()
    buffer[0] = auto_inventory
    t = np.arange(horizon)
    onset = switch[:, None] + buffer[None, :] * rng.lognormal(0, 0.3, (n, 1))
    level = (2 * EXPOSURE[None, :] * (1 - approval_prob) * np.where(expanded, 1.5, 1.0)[:, None]
             * rng.lognormal(0, 0.5, (n, len(INDUSTRIES))))
    ramp = np.clip((t[None, None, :] - onset[:, :, None]) / 14.0, 0, 1)
    s = np.clip(level[:, :, None] * ramp, 0, 1)
    # rare short blips (alternative-supply outages), never for the last industry
    blip = rng.random((n, len(INDUSTRIES))) < 0.06
    blip[:, -1] = False
    b_start = rng.integers(0, horizon, (n, len(INDUSTRIES)))
    b_len = rng.integers(3, 20, (n, len(INDUSTRIES)))
    in_blip = (t[None, None, :] >= b_start[:, :, None]) & (t[None, None, :] < (b_start + b_len)[:, :, None])
    s = np.maximum(s, np.where(blip[:, :, None] & in_blip, rng.uniform(0.05, 0.4, (n, len(INDUSTRIES)))[:, :, None], 0))
    return s.astype(np.float64), days


def figures(s, days, interval_days, bins):
    """All per-point datasets of the results format from the daily shortfall of every path."""
    n, n_ind, horizon = s.shape
    short = s > 1e-9
    lost = s.mean(axis=2)
    sdays = short.sum(axis=2).astype(np.float64)
    first = np.where(short.any(axis=2), short.argmax(axis=2), horizon)
    starts = np.arange(0, horizon, interval_days)
    ends = np.minimum(starts + interval_days, horizon)
    interval_mean = np.stack([s[:, :, a:b].mean(axis=2) for a, b in zip(starts, ends)], axis=2)
    interval_short = np.stack([short[:, :, a:b].any(axis=2) for a, b in zip(starts, ends)], axis=2)

    out = {}
    srt = np.sort(lost, axis=0)
    out["lost_output/mean"] = lost.mean(axis=0)
    out["lost_output/std"] = lost.std(axis=0, ddof=1)
    out["lost_output/stderr"] = out["lost_output/std"] / math.sqrt(n)
    out["lost_output/quantiles"], ks = exact_quantiles(srt, QUANTILES)
    half = [1.96 * math.sqrt(n * q * (1 - q)) for q in QUANTILES]
    lo = [min(max(int(math.floor(k - h)), 1), n) for k, h in zip(ks, half)]
    hi = [min(max(int(math.ceil(k + h)), 1), n) for k, h in zip(ks, half)]
    out["lost_output/quantiles_ci_low"] = np.stack([srt[j - 1] for j in lo], axis=-1)
    out["lost_output/quantiles_ci_high"] = np.stack([srt[j - 1] for j in hi], axis=-1)
    out["lost_output/cvar"] = np.stack([srt[k - 1:].mean(axis=0) for k in ks], axis=-1)
    out["lost_output/prob_any"] = (sdays > 0).mean(axis=0)
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.floor(lost * bins).astype(int), 0, bins - 1)
    out["lost_output/histogram"] = np.stack([np.bincount(idx[:, i], minlength=bins) for i in range(n_ind)]).astype(np.int64)
    out["shortage_days/mean"] = sdays.mean(axis=0)
    out["shortage_days/quantiles"], _ = exact_quantiles(np.sort(sdays, axis=0), QUANTILES)
    out["first_shortage/survival"] = np.stack([(first >= e).mean(axis=0) for e in ends], axis=1)
    out["shortfall/mean"] = interval_mean.mean(axis=0)
    out["shortfall/quantiles"], _ = exact_quantiles(np.sort(interval_mean, axis=0), QUANTILES)
    out["shortfall/prob_short"] = interval_short.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.corrcoef(lost, rowvar=False)
    corr[~np.isfinite(corr)] = np.nan
    out["joint/correlation"] = corr
    n_short = (sdays > 0).sum(axis=1)
    out["joint/prob_at_least"] = np.array([(n_short >= c).mean() for c in range(1, n_ind + 1)])
    out["unmet_tonnes/mean"] = (NEED * (s.sum(axis=2).mean(axis=0))[:, None]).sum(axis=0)
    out["regime_occupancy"] = (days / horizon).mean(axis=0)
    return out, starts, edges


DIMS = {  # dataset -> (units, description, dims after "point")
    "lost_output/mean": ("1", "mean lost output (fraction of planned output over the horizon)", ["industry"]),
    "lost_output/std": ("1", "sample standard deviation of lost output", ["industry"]),
    "lost_output/stderr": ("1", "standard error of the mean lost output", ["industry"]),
    "lost_output/quantiles": ("1", "empirical quantiles of lost output", ["industry", "quantile"]),
    "lost_output/quantiles_ci_low": ("1", "lower 95% bound of the quantiles", ["industry", "quantile"]),
    "lost_output/quantiles_ci_high": ("1", "upper 95% bound of the quantiles", ["industry", "quantile"]),
    "lost_output/cvar": ("1", "expected shortfall beyond each quantile", ["industry", "quantile"]),
    "lost_output/prob_any": ("1", "fraction of paths with at least one shortage day", ["industry"]),
    "lost_output/histogram": ("paths", "histogram of lost output over bin_edges", ["industry", "bin"]),
    "shortage_days/mean": ("days", "mean number of shortage days", ["industry"]),
    "shortage_days/quantiles": ("days", "quantiles of shortage days", ["industry", "quantile"]),
    "first_shortage/survival": ("1", "fraction of paths with no shortage before the end of the interval", ["industry", "interval"]),
    "shortfall/mean": ("1", "mean shortfall in the interval (fraction of planned output)", ["industry", "interval"]),
    "shortfall/quantiles": ("1", "quantiles of the interval shortfall", ["industry", "interval", "quantile"]),
    "shortfall/prob_short": ("1", "fraction of paths short on some day of the interval", ["industry", "interval"]),
    "joint/correlation": ("1", "Pearson correlation of lost output between industries", ["industry", "industry_other"]),
    "joint/prob_at_least": ("1", "probability that at least count industries are short", ["count"]),
    "unmet_tonnes/mean": ("t", "mean unmet tonnes over the horizon", ["material"]),
    "regime_occupancy": ("1", "mean fraction of days spent in each regime", ["regime"]),
}


def write(path, args, sweeps, per_point, starts, edges, scenario_text):
    strings = h5py.string_dtype("utf-8")
    n_points = len(per_point)
    with h5py.File(path, "w") as f:
        attrs = {"format": args.format, "format_version": args.format_version,
                 "chokepoint_version": "0.1.0-synthetic", "scenario_name": "synthetic rare-earth licensing",
                 "seed": np.uint64(args.seed), "paths": np.int64(args.paths),
                 "horizon_days": np.int64(args.horizon), "report_interval_days": np.int64(args.interval),
                 "backend": "synthetic", "device": "none", "elapsed_seconds": 0.0,
                 "command_line": "tests/tools/make_synthetic_results.py " + path, "scenario_toml": scenario_text}
        if args.start_date:
            attrs["start_date"] = args.start_date
        if sweeps:
            attrs["sweep_keys"] = ",".join(k for k, _ in sweeps)
        for k, v in attrs.items():
            f.attrs[k] = v
        coords = {"point": np.arange(n_points, dtype=np.int64), "industry": INDUSTRIES,
                  "industry_other": INDUSTRIES, "material": MATERIALS, "regime": REGIMES,
                  "quantile": np.array(QUANTILES), "bin": edges[:-1], "interval": starts.astype(np.int64),
                  "count": np.arange(1, len(INDUSTRIES) + 1, dtype=np.int64), "bin_edge": edges}
        units = {"interval": "day", "count": "industries"}
        for name, values in coords.items():
            d = f.create_dataset(name, data=np.array(values, dtype=strings) if isinstance(values, list) else values)
            d.attrs["units"] = units.get(name, "1")
            d.attrs["description"] = f"coordinate: {name}"
            d.make_scale(name)
        for name, (unit, desc, dims) in DIMS.items():
            d = f.create_dataset(name, data=np.stack([p[name] for p in per_point]))
            d.attrs["units"], d.attrs["description"] = unit, desc
            for axis, dim in enumerate(["point"] + dims):
                d.dims[axis].attach_scale(f[dim])
        e = f.create_dataset("lost_output/bin_edges", data=edges)
        e.attrs["units"], e.attrs["description"] = "1", "edges of the lost-output histogram bins"
        e.dims[0].attach_scale(f["bin_edge"])
        for key, values in sweeps:
            column = np.array([values[i] for i in point_indices(sweeps, n_points, key)])
            d = f.create_dataset(f"sweep/{key}", data=column.astype(strings) if column.dtype.kind == "U" else column.astype(np.float64))
            d.attrs["units"], d.attrs["description"] = "1", f"value of {key} at each point"
            d.dims[0].attach_scale(f["point"])
        if sweeps:
            f["sweep"].attrs["sweep"] = ",".join(k for k, _ in sweeps)


def point_indices(sweeps, n_points, key):
    """Index of `key`'s value at each point: cartesian product, last key fastest."""
    sizes = [len(v) for _, v in sweeps]
    j = [k for k, _ in sweeps].index(key)
    stride = int(np.prod(sizes[j + 1:]))
    return [(p // stride) % sizes[j] for p in range(n_points)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--sweep", action="store_true", help="5 x 3 sweep of two numeric keys")
    ap.add_argument("--string-sweep", action="store_true", help="3 x 5 sweep with a string-valued first key")
    ap.add_argument("--start-date", help="root attribute start_date (YYYY-MM-DD)")
    ap.add_argument("--paths", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=20251218)
    ap.add_argument("--horizon", type=int, default=365)
    ap.add_argument("--interval", type=int, default=7)
    ap.add_argument("--format", default="chokepoint-results", help="root attribute format")
    ap.add_argument("--format-version", default="1.0")
    ap.add_argument("--quantiles", help="comma-separated quantile levels (default 0.5,0.9,0.95,0.99,0.999)")
    args = ap.parse_args()
    if args.quantiles:
        QUANTILES[:] = [float(q) for q in args.quantiles.split(",")]

    sweeps = []
    if args.sweep:
        sweeps = [("regime.truce.approval_prob", [0.5, 0.6, 0.7, 0.8, 0.9]),
                  ("industry.automotive.inventory_days", [15.0, 30.0, 60.0])]
    elif args.string_sweep:
        sweeps = [("simulation.initial_regime", ["open", "truce", "mixed"]),
                  ("regime.truce.approval_prob", [0.5, 0.6, 0.7, 0.8, 0.9])]
    n_points = int(np.prod([len(v) for _, v in sweeps])) if sweeps else 1
    settings = {"regime.truce.approval_prob": 0.7, "industry.automotive.inventory_days": 30.0,
                "simulation.initial_regime": "mixed"}
    per_point = []
    for p in range(n_points):
        here = dict(settings)
        for key, values in sweeps:
            here[key] = values[point_indices(sweeps, n_points, key)[p]]
        s, days = simulate(args.paths, args.horizon, here["regime.truce.approval_prob"],
                           here["industry.automotive.inventory_days"], here["simulation.initial_regime"], args.seed)
        out, starts, edges = figures(s, days, args.interval, 100)
        per_point.append(out)
    when = f'date = "{np.datetime64(args.start_date) + EVENT_DAY}"' if args.start_date else f"day = {EVENT_DAY}"
    text = SCENARIO.format(start=f'start_date = "{args.start_date}"\n' if args.start_date else "",
                           paths=args.paths, horizon=args.horizon, quantiles=QUANTILES, seed=args.seed,
                           interval=args.interval)
    text += "".join(e.format(event_when=when) for day, e in EVENTS if day < args.horizon)
    write(args.out, args, sweeps, per_point, starts, edges, text)


if __name__ == "__main__":
    main()
