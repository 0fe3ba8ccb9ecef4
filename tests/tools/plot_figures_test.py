#!/usr/bin/env python3
"""What the figures of chokepoint.plot (drawn by tools/chokepoint-plot) show, checked on the drawn figures.

    plot_figures_test.py SINGLE.h5 SWEEP.h5 OUTDIR

SINGLE.h5 is a run of one point, SWEEP.h5 a sweep of two keys, both written by
chokepoint.  The package's figures are kept open, so the checks read the
matplotlib objects themselves:

- readable names of every addressable key shape, and the fallback;
- planned tonnes per material (for the share of need) on a hand-written
  scenario, with a swept need, against sums worked out by hand;
- fan charts: the event tags lie above the plot area, not on the bands, and
  the legend names each event; titles name the scenario (and for sweeps each
  swept key's value at the point);
- unmet_tonnes: the share panel's bars are unmet / planned, planned summed here
  from the file's scenario_toml;
- sweep heatmaps: the colour scale starts at 0 for these non-negative figures
  and the colour bar names the unit; sweep axes show the readable name and the
  raw address in small type;
- a copy of SINGLE.h5 given the attributes shortage_threshold = 0.05 and
  warmup_days = 365 says so in the P(short) labels and the caption, and its
  exceedance curves no longer start at P(short) at x = 0 (with a threshold a
  path can lose output without being short); a copy with them removed (a file of an earlier
  revision) draws too, and its curves start at x = 0.

Exit 77 (skipped) when numpy, h5py, xarray, h5netcdf, matplotlib or tomllib (Python 3.11) is missing.
"""
import os
import shutil
import sys
import types

try:
    import h5py
    import h5netcdf  # noqa: F401
    import matplotlib
    import xarray  # noqa: F401
    import numpy as np
    import tomllib
except ImportError as err:
    print(f"SKIP: {err}", file=sys.stderr)
    sys.exit(77)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
matplotlib.use("Agg")
import chokepoint  # noqa: E402
import chokepoint.plot as cp  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


# --- readable names -----------------------------------------------------------
NAMES = {
    "regime.expanded.approval_prob": ("approval probability, regime expanded", None),
    "regime.truce.licence": ("licence, regime truce", None),
    "regime.truce.review_days": ("licence review time, regime truce", "days"),
    "regime.truce.review_days.max": ("licence review time (maximum), regime truce", "days"),
    "regime.truce.inspection_days.min": ("customs inspection hold (minimum), regime truce", "days"),
    "regime.truce.mean_duration_days": ("mean duration, regime truce", "days"),
    "regime.truce.next.open": ("transition probability to open, regime truce", None),
    "regime.truce.general_licences": ("general licences honoured, regime truce", None),
    "regime.truce.inspection_prob": ("customs inspection probability, regime truce", None),
    "regime.truce.materials.samarium.approval_prob":
        ("approval probability, regime truce, material samarium", None),
    "regime.truce.materials.samarium.review_days.mode":
        ("licence review time (mode), regime truce, material samarium", "days"),
    "regime.truce.industries.defence_aerospace.licence":
        ("licence, regime truce, industry defence_aerospace", None),
    "industry.wind.buyers": ("buyers, industry wind", None),
    "industry.wind.review_days": ("ordering period, industry wind", "days"),
    "industry.wind.transit_days": ("transit time, industry wind", "days"),
    "industry.wind.general_licence_adoption": ("general-licence adoption share, industry wind", None),
    "industry.wind.need.terbium": ("need of terbium, industry wind", "t/day"),
    "industry.wind.china_share": ("China share, industry wind", None),
    "industry.wind.china_share.dysprosium": ("China share, industry wind, material dysprosium", None),
    "industry.wind.inventory_days": ("initial stock, industry wind", "days of need"),
    "industry.wind.target_days.terbium": ("order-up-to level, industry wind, material terbium", "days of need"),
    "material.yttrium.alt_capacity": ("alternative-supply capacity, material yttrium", "× normal volume"),
    "material.yttrium.alt_capacity.factor.2":
        ("alternative-supply capacity at ramp point 2, material yttrium", "× normal volume"),
    "material.yttrium.alt_capacity.day.1": ("day of alternative-supply ramp point 1, material yttrium", None),
    "material.yttrium.alt_outage.mean_days_between":
        ("mean time between alternative-supply outages, material yttrium", "days"),
    "material.yttrium.alt_outage.duration_days.max":
        ("alternative-supply outage duration (maximum), material yttrium", "days"),
    "general_licence.grant_prob": ("general-licence grant probability", None),
    "general_licence.review_days.median": ("general-licence review time (median)", "days"),
    "general_licence.validity_days": ("general-licence validity", "days"),
    "simulation.warmup_days": ("warm-up", "days"),
    "simulation.horizon_days": ("horizon", "days"),
    "simulation.initial_regime": ("initial regime", None),
    "simulation.initial_regime.truce": ("initial probability of regime truce", None),
    "output.shortage_threshold": ("shortage threshold (fraction of a day's output)", None),
    "output.histogram_bins": ("histogram bins", None),
    "event.0.probability": ("probability of event 0", None),
    "event.1.day": ("day of event 1", None),
    # fallbacks: unknown keys keep their ids as qualifiers and spell the rest out
    "regime.truce.new_key": ("new key, regime truce", None),
    "industry.wind.buffer_days": ("buffer days, industry wind", "days"),
    "brand_new.thing": ("brand new thing", None),
}
cp.EVENT_TEXT.clear()
for address, expected in NAMES.items():
    got = cp.describe(address)
    check(got == expected, f"describe({address!r}) = {got!r}, expected {expected!r}")
check(cp.axis_text("industry.wind.inventory_days") == "initial stock, industry wind [days of need]",
      "axis_text puts the unit in brackets")
check(cp.setting_text("industry.wind.inventory_days", 45.0) == "initial stock, industry wind = 45 days of need",
      "setting_text puts the unit after the value")
cp.EVENT_TEXT[0] = "day 327: truce → expanded"
check(cp.describe("event.0.probability")[0] == "probability of event 0 (day 327: truce → expanded)",
      "event addresses name the event of the file")
cp.EVENT_TEXT.clear()

# --- planned tonnes -----------------------------------------------------------
scenario = tomllib.loads("""
[[industry]]
id = "a"
need = { x = 2.0, y = 0.5 }
[[industry]]
id = "b"
need = { x = 1.0 }
""")
fake = types.SimpleNamespace(scenario=scenario, res=types.SimpleNamespace(coords={"material": ["x", "y", "z"]}, horizon=10),
                             sweep=[("industry.b.need.x", [1.0, 4.0])], point=0)
check(list(cp.planned_tonnes(fake)) == [30.0, 5.0, 0.0], f"planned tonnes at point 0: {cp.planned_tonnes(fake)}")
fake.point = 1   # need of x in b swept to 4: (2 + 4) x 10
check(list(cp.planned_tonnes(fake)) == [60.0, 5.0, 0.0], f"planned tonnes at point 1: {cp.planned_tonnes(fake)}")
fake.scenario = {}
check(cp.planned_tonnes(fake) is None, "no scenario: no planned tonnes")


# --- drawn figures -------------------------------------------------------------
def draw(path, outdir, point=0):
    res = cp.Data(chokepoint.open_results(path))
    ctx = cp.Context(res, point=point)
    matplotlib.pyplot.rcParams.update(cp.STYLE)
    for step in (cp.plot_fans, cp.plot_first_shortage, cp.plot_unmet, cp.plot_exceedance):
        step(ctx)
    if ctx.sweep:
        cp.plot_sweeps(ctx)
    for fig in ctx.figures.values():
        fig.canvas.draw()   # lay out, so that extents are final
    return res, ctx


def overlaps(a, b):
    return a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5


def check_fans(res, ctx, label):
    scenario_name = res.attr("scenario_name")
    n_events = len(ctx.events)
    text = res.attr("scenario_toml") or ""
    check(("[[event]]" in text) <= (n_events > 0), f"{label}: the scenario has events but none is drawn")
    for stem, fig in ctx.figures.items():
        title = fig._suptitle.get_text().replace("\n", " ")
        check(scenario_name.split()[0] in title, f"{label}/{stem}: title lacks the scenario name: {title!r}")
        if ctx.multi and not stem.startswith("sweep_"):
            for key, values in ctx.sweep:
                want = cp.setting_text(key, values[ctx.point])
                check(" ".join(want.split()) in " ".join(title.split()),
                      f"{label}/{stem}: title lacks {want!r}: {title!r}")
        if not stem.startswith("fan_"):
            continue
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        area = ax.get_window_extent(renderer)
        tags = [t for t in ax.texts if t.get_bbox_patch() is not None]
        check(len(tags) == n_events, f"{label}/{stem}: {len(tags)} event tags, expected {n_events}")
        for t in ax.texts:
            box = t.get_window_extent(renderer)
            if t in tags:
                check(box.y0 >= area.y1 - 1, f"{label}/{stem}: event tag {t.get_text()!r} inside the plot area")
            elif t.get_text() != "no shortfall in any path":
                check(not overlaps(box, area), f"{label}/{stem}: text {t.get_text()!r} on the plot area")
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        for n in range(1, n_events + 1):
            check(any(t.startswith(f"{n}: ") for t in legend), f"{label}/{stem}: no legend entry for event {n}")
        check(len(legend) == len(ax.get_legend_handles_labels()[1]) + (1 + n_events if n_events else 0),
              f"{label}/{stem}: legend {legend}")


def curve_starts(ctx):
    """First x of each industry's exceedance curve (the lines named after an industry)."""
    ax = ctx.figures[ctx.stem("exceedance")].axes[0]
    names = set(ctx.res.coords["industry"])
    return [line.get_xdata()[0] for line in ax.get_lines() if line.get_label() in names and len(line.get_xdata())]


def check_unmet(res, ctx, label):
    fig = ctx.figures[ctx.stem("unmet_tonnes")]
    scenario = tomllib.loads(res.attr("scenario_toml"))
    materials = res.coords["material"]
    horizon = int(res.attr("horizon_days"))
    planned = np.array([sum(float(ind["need"].get(m, 0)) for ind in scenario["industry"]) * horizon
                        for m in materials])
    unmet = res.get("unmet_tonnes/mean", ("point", "material"))[ctx.point]
    share_ax = fig.axes[0]
    check("share" in share_ax.get_xlabel(), f"{label}: first panel is not the share of need")
    widths = np.array([bar.get_width() for bar in share_ax.patches])
    check(np.allclose(widths, np.where(planned > 0, unmet / np.where(planned > 0, planned, 1), 0), rtol=1e-12),
          f"{label}: share bars {widths} != unmet / planned")
    check(len(fig.axes) == 2, f"{label}: unmet_tonnes has {len(fig.axes)} panels, expected share and tonnes")


def check_sweeps(res, ctx, label):
    keys = [k for k, _ in ctx.sweep]
    for figure in ("mean_lost_output", "p95_lost_output", "prob_any"):
        fig = ctx.figures[f"sweep_heatmap_{figure}"]
        images = [im for ax in fig.axes for im in ax.images]
        check(images and all(im.norm.vmin == 0 for im in images),
              f"{label}: heatmap {figure} does not start at 0: {[im.norm.vmin for im in images]}")
        bar = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
        unit = bar and bar[0].get_ylabel().replace("\n", " ")
        check(bool(bar) and "[" in unit and ("fraction" in unit), f"{label}: colour bar label {unit!r} lacks a unit")
        check(fig._supxlabel.get_text() == cp.axis_text(keys[1]), f"{label}: heatmap x label")
        notes = " ".join(t.get_text().replace("\n", " ") for t in fig.texts)
        check(keys[0] in notes and keys[1] in notes, f"{label}: heatmap does not show the raw addresses")
        response = ctx.figures[ctx.stem(f"sweep_{figure}")]
        for ax, key in zip(response.axes, keys):
            check(ax.get_xlabel() == cp.axis_text(key), f"{label}: x label {ax.get_xlabel()!r} for {key}")
            small = [t for t in ax.texts if t.get_text() == key]
            check(len(small) == 1 and small[0].get_fontsize() < ax.xaxis.label.get_fontsize(),
                  f"{label}: address {key} not in small type under the axis")


single, sweep, outdir = sys.argv[1:4]
os.makedirs(outdir, exist_ok=True)
res, ctx = draw(single, os.path.join(outdir, "single"))
check_fans(res, ctx, "single")
check_unmet(res, ctx, "single")
matplotlib.pyplot.close("all")

# A file of an earlier revision, without the threshold and warm-up attributes
# (and so with threshold 0): it draws, and the caption says nothing of them.
without_attrs = os.path.join(outdir, "single_no_threshold.h5")
shutil.copyfile(single, without_attrs)
with h5py.File(without_attrs, "r+") as f:
    for name in ("shortage_threshold", "warmup_days"):
        if name in f.attrs:
            del f.attrs[name]
res, ctx = draw(without_attrs, os.path.join(outdir, "no_threshold"))
check("a day is short" not in ctx.caption(), "no shortage_threshold attribute: the caption stays quiet")
check(curve_starts(ctx) and all(x == 0 for x in curve_starts(ctx)),
      f"without a threshold the exceedance curves start at x = 0 (P(short)): {curve_starts(ctx)}")
matplotlib.pyplot.close("all")

with h5py.File(sweep, "r") as f:
    last = len(f["point"]) - 1
res, ctx = draw(sweep, os.path.join(outdir, "sweep"), point=last)
check(ctx.stem("exceedance") == f"exceedance_point{last}", "sweep file names carry the point")
check_fans(res, ctx, f"sweep point {last}")
check_unmet(res, ctx, f"sweep point {last}")
check_sweeps(res, ctx, f"sweep point {last}")
matplotlib.pyplot.close("all")

# The attributes of the model's second revision: shown when present.
with_attrs = os.path.join(outdir, "single_threshold.h5")
shutil.copyfile(single, with_attrs)
with h5py.File(with_attrs, "r+") as f:
    f.attrs["shortage_threshold"] = 0.05
    f.attrs["warmup_days"] = np.int64(365)
res, ctx = draw(with_attrs, os.path.join(outdir, "threshold"))
check("shortfall > 0.05" in ctx.caption() and "warm-up 365 days" in ctx.caption(),
      f"caption lacks the threshold or the warm-up: {ctx.caption()}")
fan = next(fig for stem, fig in ctx.figures.items() if stem.startswith("fan_"))
prob_title = fan.axes[1].get_title(loc="left")
check(curve_starts(ctx) and all(x > 0 for x in curve_starts(ctx)),
      f"with a threshold P(short) is not P(lost output > 0): curves must not start at 0: {curve_starts(ctx)}")
check("shortfall > 0.05" in prob_title, f"P(short) panel title: {prob_title!r}")
matplotlib.pyplot.close("all")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print(f"plot figures test passed: {len(NAMES)} names, planned tonnes, fans, unmet share, heatmaps, threshold")
