"""Figures of a chokepoint results file, one function per figure.

Each function takes the opened results (`chokepoint.open_results`), an industry
or point where one applies and an optional matplotlib `Axes`, and returns the
`Figure`.  Without `ax` the figure is the one `tools/chokepoint-plot` writes: a
title naming the scenario (and the sweep point), a caption with the file, paths,
seed and version, and every panel.  With `ax` the figure's main panel is drawn
into it, untitled, for your own layout and styling.

    res = chokepoint.open_results("results/rare_earths_2026.h5")
    chokepoint.plot.fan_chart(res, "wind")
    fig, (a, b) = plt.subplots(1, 2); chokepoint.plot.exceedance(res, ax=a); ...

Per point figures take `point` (default 0); figures of several industries take
`industries` (default: all).  Figures of datasets a file lacks (a sweep figure
of a single run, stockpiles of a scenario without stockpiles) raise
`LayoutError`, a ValueError naming the dataset.
"""
import datetime
import math
import os
import re
import textwrap
import warnings

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator, PercentFormatter

from .names import EVENT_TEXT, axis_text, describe, fmt_value, label_axis, setting_text  # noqa: F401 (re-exported)
from .results import source, text as as_text

PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#000000"]
LINESTYLES = ["-", "--", "-.", ":"]
#: matplotlib settings the figures are laid out for (applied while drawing).
STYLE = {"font.size": 9, "axes.titlesize": 10, "legend.framealpha": 0.9}

class InputError(ValueError):
    """Bad usage (an unknown industry, a point out of range)."""


class LayoutError(ValueError):
    """A dataset a figure needs is missing or misshapen."""


class Data:
    """The arrays the figures read, from opened results (DataTree or chokepoint.Results)."""

    def __init__(self, results):
        self.results = results
        self.path = source(results)
        self.attrs = results.attrs
        self.coords = {}
        for name in ("point", "industry", "material", "regime", "quantile", "interval", "count"):
            try:
                values = results[name].values
            except KeyError:
                raise InputError(f"{self.path}: coordinate '{name}' is missing") from None
            self.coords[name] = ([as_text(v) for v in values] if values.dtype.kind in "SOU"
                                 else np.asarray(values))
        self.n_points = len(self.coords["point"])
        self.horizon = int(float(self.attr("horizon_days", 0))) or int(self.coords["interval"][-1]) + 1

    def attr(self, name, default=None):
        value = self.attrs.get(name)
        return default if value is None else as_text(value)

    def has(self, name):
        try:
            self.results[name]
        except KeyError:
            return False
        return True

    def get(self, name, dims):
        """Dataset `name` as an array whose axes are the coordinates `dims`."""
        try:
            data = np.asarray(self.results[name].values)
        except KeyError:
            raise LayoutError(f"dataset '{name}' is missing") from None
        want = tuple(len(self.coords[d]) if d in self.coords else None for d in dims)
        if data.ndim != len(want) or any(w is not None and w != s for w, s in zip(want, data.shape)):
            raise LayoutError(f"dataset '{name}' has shape {data.shape}, expected [{', '.join(map(str, dims))}]")
        return data

    def labels(self, name):
        """Values of a coordinate (root dimension scale) as a list."""
        try:
            values = self.results[name].values
        except KeyError:
            raise LayoutError(f"coordinate '{name}' is missing") from None
        return [as_text(v) for v in values] if values.dtype.kind in "SOU" else list(values)

    def unit(self, name, dimensionless="fraction"):
        try:
            unit = as_text(self.results[name].attrs.get("units", ""))
        except KeyError:
            unit = ""
        return dimensionless if unit.strip() in ("", "1") else unit

    def sweep(self):
        """[(key, values per point)] in sweep order (root attribute sweep_keys)."""
        if not self.has("sweep"):
            return []
        group = self.results["sweep"]
        names = list(group.data_vars) if hasattr(group, "data_vars") else list(group)
        keys = [k for k in (self.attr("sweep_keys") or "").split(",") if k]
        keys = [k for k in keys if k in names] or sorted(names)
        out = []
        for key in keys:
            data = self.get(f"sweep/{key}", ("point",))
            out.append((key, [as_text(v) for v in data] if data.dtype.kind in "SOU"
                        else [float(v) for v in data]))
        return out


def data_of(results):
    return results if isinstance(results, Data) else Data(results)


class Context:
    """What every figure needs: data, selection, time axis, events, caption.

    `sink(fig, stem)` receives each finished figure (default: kept in `figures`);
    `ax`, when given, receives the main panel of the next figure instead of a new figure."""

    def __init__(self, res, point=0, industry=None, sink=None, ax=None):
        res = data_of(res)
        self.res, self.point, self.ax = res, int(point), ax
        names = res.coords["industry"]
        if isinstance(industry, str):
            industry = [industry]
        unknown = [i for i in industry or [] if i not in names]
        if unknown:
            raise InputError(f"unknown industry {', '.join(unknown)} (the file has: {', '.join(names)})")
        self.ind = [k for k, n in enumerate(names) if not industry or n in industry]
        if not 0 <= self.point < res.n_points:
            raise InputError(f"point {self.point} out of range: the file has {res.n_points} point(s)")
        self.sweep = res.sweep() if res.n_points > 1 else []
        self.multi = res.n_points > 1
        self.threshold = float(res.attr("shortage_threshold")) if res.attr("shortage_threshold") else None
        self.warmup = int(float(res.attr("warmup_days"))) if res.attr("warmup_days") else None
        self.scenario = scenario_tables(res)
        self.sink = sink
        self.figures = {}
        self.start = None
        if res.attr("start_date"):
            try:
                self.start = datetime.date.fromisoformat(res.attr("start_date")[:10])
            except ValueError:
                warn(f"ignoring malformed start_date {res.attr('start_date')!r}")
        self.events = scenario_events(res, self)

    def name(self, k):
        return self.res.coords["industry"][k]

    def style(self, k):
        colours = PALETTE if len(self.res.coords["industry"]) <= len(PALETTE) else plt.cm.tab20.colors
        return dict(color=colours[k % len(colours)], linestyle=LINESTYLES[(k // len(colours)) % 4])

    def point_label(self):
        settings = "; ".join(setting_text(key, v[self.point]) for key, v in self.sweep)
        return f"point {self.point} of {self.res.n_points}" + (f": {settings}" if settings else "")

    def short_text(self):
        """What 'short' means in this file: the shortage threshold when one is set."""
        if self.threshold is not None and self.threshold > 0:
            return f"shortfall > {self.threshold:g}"
        return "shortfall > 0"

    def caption(self, per_point=True):
        r = self.res
        parts = [os.path.basename(r.path), f"{int(float(r.attr('paths', 0))):,} paths", f"seed {r.attr('seed', '?')}"]
        if self.warmup:
            parts.append(f"warm-up {self.warmup} days before day 0")
        if self.threshold is not None:
            parts.append(f"a day is short when {self.short_text()}")
        if r.n_points > 1 and not per_point:
            parts.append(f"sweep of {r.n_points} points")
        parts.append(f"chokepoint {r.attr('chokepoint_version', '?')} ({r.attr('backend', '?')})")
        return " · ".join(parts)

    def title(self, what, per_point=True, width=70):
        """Figure title: what it shows, under which scenario, and (sweeps) at which point."""
        lines = [what, f"scenario: {self.res.attr('scenario_name', '?')}"]
        if self.multi and per_point:
            lines.append(self.point_label())
        return "\n".join(textwrap.fill(line, width) for line in lines)

    def x(self, days):
        """Plot coordinates of day numbers: dates when start_date is set."""
        days = np.asarray(days)
        if self.start is None:
            return days.astype(float)
        return np.datetime64(self.start) + days.astype("timedelta64[D]")

    def time_axis(self, ax):
        if self.start is None:
            ax.set_xlabel("day of the horizon [days]")
            ax.set_xlim(0, self.res.horizon)
        else:
            locator = mdates.AutoDateLocator()
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            ax.set_xlabel(f"date (day 0 = {self.start.isoformat()})")
            ax.set_xlim(self.x(0), self.x(self.res.horizon))

    def figure(self, title, size, nrows=1, ncols=1, note=None, per_point=True, xlabel=None, **kw):
        """Figure with title and caption; `xlabel`: one x label for all panels, above the caption.
        With `self.ax` the given Axes alone (the caller draws the main panel only)."""
        if self.ax is not None:
            return self.ax.figure, np.array([[self.ax]])
        lines = []
        for text in ([note] if note else []) + [self.caption(per_point)]:
            lines += textwrap.wrap(text, int(size[0] * 18))
        fig, axes = plt.subplots(nrows, ncols, figsize=size, squeeze=False, **kw)
        bottom = (0.15 * len(lines) + 0.08) / size[1]
        room = 0.25 / size[1] if xlabel else 0.0   # the shared x label's line, between panels and caption
        fig.set_layout_engine("constrained", rect=(0, bottom + room, 1, 1 - bottom - room))
        fig.text(0.01, 0.01, "\n".join(lines), fontsize=7, color="0.3", va="bottom", ha="left")
        if xlabel:
            fig.supxlabel(xlabel, fontsize=9, y=bottom + 0.03 / size[1], va="bottom")
        fig.suptitle(self.title(title, per_point, int(size[0] * 12)), fontsize=10)
        return fig, axes

    def stem(self, stem, per_point=True):
        """File name stem: the point is part of it when the figure depends on --point."""
        return f"{stem}_point{self.point}" if self.multi and per_point else stem

    def save(self, fig, stem, per_point=True):
        stem = self.stem(stem, per_point)
        self.last = fig
        if self.ax is not None:
            return
        if self.sink is not None:
            self.sink(fig, stem)
        else:
            self.figures[stem] = fig


def warn(message):
    warnings.warn(message, stacklevel=3)


def nearest(levels, target):
    if len(levels) == 0:
        raise LayoutError("no quantile levels are stored (coordinate 'quantile' is empty)")
    return float(min(levels, key=lambda q: abs(q - target)))


def scenario_tables(res):
    """The resolved scenario (root attribute scenario_toml) as a dict, {} when absent or unreadable."""
    text = res.attr("scenario_toml")
    if not text:
        return {}
    try:
        import tomllib
    except ImportError:  # Python < 3.11: events and shares of need are decoration, never fatal
        warn("Python 3.11 or later is needed to read scenario_toml: no events, no share of need")
        return {}
    try:
        return tomllib.loads(text)
    except Exception as err:  # noqa: BLE001
        warn(f"cannot read scenario_toml ({err}): no events, no share of need")
        return {}


def swept_value(ctx, address):
    """Value of a swept key at --point, None when `address` is not swept."""
    for key, values in ctx.sweep:
        if key == address:
            return values[ctx.point]
    return None


def planned_tonnes(ctx):
    """Planned need over the horizon per material [M], t: sum over industries of need x T
    (need at --point where a sweep sets it); None without a readable scenario."""
    industries = ctx.scenario.get("industry")
    if not isinstance(industries, list):
        return None
    materials = ctx.res.coords["material"]
    total = np.zeros(len(materials))
    for ind in industries:
        need = ind.get("need", {}) if isinstance(ind, dict) else {}
        if not isinstance(need, dict):
            return None
        for j, m in enumerate(materials):
            value = swept_value(ctx, f"industry.{ind.get('id')}.need.{m}")
            value = need.get(m, 0.0) if value is None else value
            try:
                total[j] += float(value)
            except (TypeError, ValueError):
                return None
    return total * ctx.res.horizon


def scenario_events(res, ctx):
    """[(day, label)] of the [[event]] tables in scenario_toml, same-day events merged."""
    events = [dict(e) for e in ctx.scenario.get("event", []) if isinstance(e, dict)]
    for key, values in ctx.sweep:  # a swept event field (event.0.probability) wins
        m = re.fullmatch(r"event\.(\d+)\.(\w+)", key)
        if m and int(m.group(1)) < len(events):
            events[int(m.group(1))][m.group(2)] = values[ctx.point]
    by_day = {}
    EVENT_TEXT.clear()
    for number, ev in enumerate(events):
        try:
            day = ev.get("day")
            if day is None and ev.get("date") is not None and ctx.start is not None:
                day = (datetime.date.fromisoformat(str(ev["date"])[:10]) - ctx.start).days
            src = ev.get("from")
            src = ", ".join(src) if isinstance(src, list) else (src or "any regime")
            change = f"{src} → {ev.get('to', '?')}"
            EVENT_TEXT[number] = (f"day {int(float(day))}: " if day is not None else "") + change
            if day is None or not 0 <= float(day) < res.horizon:
                continue
            label = f"{change}, p = {float(ev.get('probability', 1)):g}"
        except (ValueError, TypeError, AttributeError) as err:
            warn(f"event {number} of scenario_toml not drawn: {err}")
            continue
        by_day.setdefault(float(day), []).append(label)
    return sorted((day, labels) for day, labels in by_day.items())


def event_when(ctx, day):
    if ctx.start is None:
        return f"day {day:g}"
    return f"{(ctx.start + datetime.timedelta(days=int(day))).isoformat()} (day {day:g})"


def draw_events(ax, ctx, labels=True):
    """Dashed lines at the scheduled events, numbered in tags above the plot area (never on the
    data); returns legend entries [(handle, text)] naming each number's events."""
    entries = []
    for n, (day, changes) in enumerate(ctx.events, 1):
        ax.axvline(ctx.x(day), color="0.35", linestyle="--", linewidth=1, zorder=5)
        if not labels:
            continue
        ax.text(ctx.x(day), 1.0, str(n), transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                fontsize=7, color="0.15", clip_on=False, zorder=6,
                bbox=dict(boxstyle="circle,pad=0.2", facecolor="white", edgecolor="0.35", linewidth=0.8))
        text = f"{n}: {event_when(ctx, day)}: " + "; ".join(changes)
        entries.append((Line2D([], [], color="0.35", linestyle="--", linewidth=1),
                        textwrap.fill(text, 34, subsequent_indent="   ")))
    return entries


def legend_right(ax, entries=(), title=None, fontsize=7.5):
    """Legend right of the plot area with the axes' own entries, then the event entries."""
    handles, texts = ax.get_legend_handles_labels()
    if entries:
        handles.append(Line2D([], [], linestyle="none"))
        texts.append("scheduled events:")
        handles += [h for h, _ in entries]
        texts += [t for _, t in entries]
    return ax.legend(handles, texts, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=fontsize,
                     title=title, title_fontsize=fontsize + 0.5)


def step(values):
    """Values per interval extended to the K+1 interval edges (drawstyle steps-post)."""
    return np.append(values, values[-1])


def fan_bands(levels):
    """[(label, low level or None for 0, high level)] for the 99/90/50% bands.

    With levels below 0.5 the bands are central, from the nearest stored levels to
    (1-c)/2 and (1+c)/2; otherwise one-sided from 0 (shortfall is never negative,
    so [0, q_c] holds a share c of the paths) to the nearest stored level to c."""
    bands, seen, central = [], set(), any(q < 0.5 for q in levels)
    for c in (0.99, 0.90, 0.50):
        lo, hi = (nearest(levels, (1 - c) / 2), nearest(levels, (1 + c) / 2)) if central else (None, nearest(levels, c))
        if (lo, hi) in seen or (lo is not None and lo >= hi):
            continue
        seen.add((lo, hi))
        exact = abs(hi - ((1 + c) / 2 if central else c)) < 1e-9 and (lo is None or abs(lo - (1 - c) / 2) < 1e-9)
        span = f"q{lo:g} to q{hi:g}" if central else f"0 to q{hi:g}"
        bands.append((f"{c:.0%} band: {span}" + ("" if exact else " (nearest stored levels)"), lo, hi))
    return bands


def plot_fans(ctx):
    r, p = ctx.res, ctx.point
    mean = r.get("shortfall/mean", ("point", "industry", "interval"))[p]
    quant = r.get("shortfall/quantiles", ("point", "industry", "interval", "quantile"))[p]
    prob = r.get("shortfall/prob_short", ("point", "industry", "interval"))[p]
    levels = list(r.coords["quantile"])
    edges = ctx.x(np.append(r.coords["interval"], r.horizon))
    unit = r.unit("shortfall/mean", "fraction of planned output")
    for k in ctx.ind:
        fig, axes = ctx.figure(f"{ctx.name(k)}: shortfall per report interval", (7.5, 5.6), 2, 1,
                               sharex=True, gridspec_kw=dict(height_ratios=[3, 1]))
        ax, axp = (axes[0, 0], None) if ctx.ax is not None else axes[:, 0]
        colour = ctx.style(k)["color"]
        for (label, lo, hi), alpha in zip(fan_bands(levels), (0.15, 0.35, 0.65)):
            low = np.zeros_like(mean[k]) if lo is None else quant[k, :, levels.index(lo)]
            ax.fill_between(edges, step(low), step(quant[k, :, levels.index(hi)]), step="post",
                            color=colour, alpha=alpha, linewidth=0, label=label)
        ax.plot(edges, step(mean[k]), drawstyle="steps-post", color="black", linewidth=1.6, label="mean")
        top = max(float(np.nanmax(quant[k])), float(np.nanmax(mean[k])))
        ax.set_ylim(0, min(1.0, top * 1.08) if top > 0 else 1.0)
        if top <= 0:
            ax.text(0.5, 0.5, "no shortfall in any path", transform=ax.transAxes, ha="center", color="0.4")
        ax.set_ylabel(f"shortfall [{unit}]")
        legend_right(ax, draw_events(ax, ctx), title="interval shortfall")
        if axp is None:
            ctx.time_axis(ax)
            ax.grid(alpha=0.3)
            ctx.save(fig, f"fan_{re.sub(r'[^A-Za-z0-9_.-]', '_', ctx.name(k))}")
            continue
        axp.plot(edges, step(prob[k]), drawstyle="steps-post", color=colour)
        axp.set_ylim(0, 1.02)
        axp.set_ylabel(f"P(short) [{r.unit('shortfall/prob_short', 'fraction of paths')}]", fontsize=8)
        axp.set_title(f"P(short): probability of a shortage day ({ctx.short_text()}) within the interval",
                      fontsize=8, loc="left")
        draw_events(axp, ctx, labels=False)
        ctx.time_axis(axp)
        for a in axes[:, 0]:
            a.grid(alpha=0.3)
        ctx.save(fig, f"fan_{re.sub(r'[^A-Za-z0-9_.-]', '_', ctx.name(k))}")


def plot_exceedance(ctx):
    r, p = ctx.res, ctx.point
    hist = r.get("lost_output/histogram", ("point", "industry", "bin"))[p].astype(float)
    edges = r.get("lost_output/bin_edges", (None,))
    if len(edges) != hist.shape[1] + 1:
        raise LayoutError("lost_output/bin_edges must have one more entry than the histogram bins")
    prob_any = r.get("lost_output/prob_any", ("point", "industry"))[p]
    qd = ("point", "industry", "quantile")
    q, lo, hi = (r.get(f"lost_output/{n}", qd)[p] for n in ("quantiles", "quantiles_ci_low", "quantiles_ci_high"))
    levels = np.asarray(r.coords["quantile"], dtype=float)
    n_paths = hist.sum(axis=1).max()
    # P(lost output > 0) is P(short) only when every day with a shortfall is a shortage day:
    # with a shortage threshold above 0 the curve starts at the first histogram edge instead.
    from_zero = not (ctx.threshold is not None and ctx.threshold > 0)
    start = ("starting at the circle at x = 0, P(lost output > 0) = P(short)" if from_zero else
             f"starting at the first edge ({edges[1]:g}: with a shortage threshold of {ctx.threshold:g}, "
             "P(short) is not P(lost output > 0))")
    fig, axes = ctx.figure("Exceedance of lost output: P(lost output > x)", (7.5, 5.2), note=(
        f"Curves: P(lost output ≥ bin edge) from the {hist.shape[1]}-bin histogram, {start}; "
        f"probabilities of 0 are not drawn (log scale; resolution 1/N = {1 / max(n_paths, 1):.1e}). "
        "Markers: stored quantiles q at 1 − q, bars: their 95% confidence bounds."))
    ax = axes[0, 0]
    xmax, ymin, resolved = 0.0, 1.0, False
    for k in ctx.ind:
        st = ctx.style(k)
        tail = hist[k, ::-1].cumsum()[::-1] / max(hist[k].sum(), 1)   # P(L >= edge i)
        if from_zero:
            xs, ys = np.append(0.0, edges[1:-1]), np.append(prob_any[k], tail[1:])
        else:
            xs, ys = edges[1:-1], tail[1:]
        keep = ys > 0
        if prob_any[k] <= 0 and not keep.any():
            ax.plot([], [], label=f"{ctx.name(k)} (never short)", **st)
            continue
        ax.plot(xs[keep], ys[keep], label=ctx.name(k), linewidth=1.6, marker="o" if from_zero else None,
                markevery=[0] if from_zero else None, fillstyle="none", **st)
        tails = 1 - levels
        ok = tails > 0
        ax.errorbar(q[k, ok], tails[ok], xerr=[q[k, ok] - lo[k, ok], hi[k, ok] - q[k, ok]], fmt="D",
                    markersize=4, color=st["color"], capsize=3, linewidth=1)
        xmax = max(xmax, xs[keep].max() if keep.any() else 0.0, float(hi[k].max()))
        resolved |= keep.sum() > (1 if from_zero else 0)
        ymin = min(ymin, ys[keep].min() if keep.any() else 1.0, tails[ok].min() if ok.any() else 1.0)
    if xmax > 0 and not resolved:
        ax.text(0.5, 0.97, f"every path lost less than the first histogram edge ({edges[1]:g}): "
                "only the quantile markers resolve the curve", transform=ax.transAxes, ha="center",
                va="top", fontsize=8, color="0.3")
    if xmax == 0:
        ymin = 1 / max(n_paths, 1)
        ax.text(0.5, 0.5, "no industry shown is ever short", transform=ax.transAxes, ha="center", color="0.4")
    ax.set_yscale("log")
    ax.set_ylim(ymin / 2, 1.3)
    right = min(1.0, xmax * 1.05) if xmax > 0 else 0.05
    ax.set_xlim(-0.012 * right, right)   # markers at x = 0 stay whole
    ax.set_xlabel(f"lost output x [{r.unit('lost_output/quantiles', 'fraction of planned output')}]")
    ax.set_ylabel("P(lost output > x)")
    ax.grid(alpha=0.3, which="major")
    ax.grid(alpha=0.1, which="minor")
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], marker="D", color="0.3", linestyle="-", markersize=4))
    labels.append("stored quantile\n± 95% bounds")
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7.5)
    ctx.save(fig, "exceedance")


def plot_first_shortage(ctx):
    r = ctx.res
    surv = r.get("first_shortage/survival", ("point", "industry", "interval"))[ctx.point]
    ends = np.append(0, np.append(r.coords["interval"][1:], r.horizon))
    fig, axes = ctx.figure("Time to first shortage", (7.5, 4.8), note=(
        "P(no shortage yet): share of paths whose first shortage day "
        f"({ctx.short_text()}) is at or after the end of each report interval (1 at day 0)."))
    ax = axes[0, 0]
    marker = "o" if len(ends) <= 60 else None
    for k in ctx.ind:
        ax.plot(ctx.x(ends), np.append(1.0, surv[k]), label=ctx.name(k), marker=marker, markersize=2.5, **ctx.style(k))
    ax.set_ylim(0, 1.02)
    ax.set_ylabel(f"P(no shortage yet) [{r.unit('first_shortage/survival', 'fraction of paths')}]")
    entries = draw_events(ax, ctx)
    ctx.time_axis(ax)
    ax.grid(alpha=0.3)
    legend_right(ax, entries)
    ctx.save(fig, "first_shortage")


def plot_correlation(ctx):
    corr = ctx.res.get("joint/correlation", ("point", "industry", "industry"))[ctx.point]
    corr = corr[np.ix_(ctx.ind, ctx.ind)]
    names = [ctx.name(k) for k in ctx.ind]
    n = len(names)
    note = ("Grey “n/a” cells: correlation undefined (an industry's lost output does not vary, "
            "e.g. it is never short).") if np.isnan(corr).any() else None
    fig, axes = ctx.figure("Correlation of lost output between industries",
                           (max(6.5, 1.8 + 0.7 * n), max(5.2, 2.0 + 0.6 * n)), note=note)
    ax = axes[0, 0]
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="0.82")
    image = ax.imshow(np.ma.masked_invalid(corr), cmap=cmap, vmin=-1, vmax=1)
    for i in range(n):
        for j in range(n):
            v = corr[i, j]
            ax.text(j, i, "n/a" if np.isnan(v) else f"{v:.2f}", ha="center", va="center", fontsize=8,
                    color="white" if np.isfinite(v) and abs(v) > 0.6 else "black")
    ax.set_xticks(range(n), names, rotation=40, ha="right")
    ax.set_yticks(range(n), names)
    fig.colorbar(image, ax=ax, shrink=0.8, label="Pearson correlation of lost output")
    ctx.save(fig, "joint_correlation")


def bar_labels(ax, bars, texts, horizontal=False):
    for bar, text in zip(bars, texts):
        if horizontal:
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + text, va="center", fontsize=8)
        else:
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), text, ha="center", va="bottom", fontsize=8)


def pct(v):
    return "0" if v == 0 else (f"{v:.1%}" if v >= 0.001 else f"{v:.2g}")


def plot_joint_count(ctx):
    r = ctx.res
    prob = r.get("joint/prob_at_least", ("point", "count"))[ctx.point]
    counts = [int(c) for c in r.coords["count"]]
    fig, axes = ctx.figure("How many industries run short together", (6.5, 4.4), note=(
        f"An industry is short when it has at least one shortage day ({ctx.short_text()}) "
        "over the horizon; counts every industry in the file."))
    ax = axes[0, 0]
    bars = ax.bar(counts, prob, color="#0072B2")
    bar_labels(ax, bars, [pct(v) for v in prob])
    ax.set_xticks(counts)
    ax.set_ylim(0, 1.1)
    ax.set_xlabel(f"k [{r.unit('count', 'industries')}]")
    ax.set_ylabel(f"P(at least k industries short) [{r.unit('joint/prob_at_least', 'fraction of paths')}]")
    ax.grid(alpha=0.3, axis="y")
    ctx.save(fig, "joint_count")


def plot_regimes(ctx):
    r = ctx.res
    occ = r.get("regime_occupancy", ("point", "regime"))[ctx.point]
    names = r.coords["regime"]
    fig, axes = ctx.figure("Time spent in each export regime", (6.5, 2.6 + 0.4 * len(names)))
    ax = axes[0, 0]
    bars = ax.barh(range(len(names)), occ, color="#009E73")
    bar_labels(ax, bars, [f"{v:.1%} ({v * r.horizon:.0f} days)" for v in occ], horizontal=True)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, min(1.25, float(np.max(occ)) * 1.35 + 0.05))
    ax.set_xlabel(f"mean share of the {r.horizon} days [{r.unit('regime_occupancy', 'fraction of days')}]")
    ax.grid(alpha=0.3, axis="x")
    ctx.save(fig, "regime_occupancy")


def plot_unmet(ctx):
    """Unmet need per material, as a share of the planned need (comparable across
    materials of very different tonnages) beside the tonnes themselves."""
    r = ctx.res
    unmet = r.get("unmet_tonnes/mean", ("point", "material"))[ctx.point]
    names = r.coords["material"]
    unit = r.unit("unmet_tonnes/mean", "t")
    planned = planned_tonnes(ctx) if ctx.ax is None else None
    rows = np.arange(len(names))
    if planned is None and ctx.ax is not None:
        fig, axes = ctx.figure("", (6.5, 4))
        tonnes_ax = axes[0, 0]
    elif planned is None:
        note = ("The file's scenario (scenario_toml) is missing, unreadable or gives no industry needs: "
                "no share of the planned need.")
        fig, axes = ctx.figure("Unmet need per material (mean over paths)", (6.5, 2.2 + 0.4 * len(names)), note=note)
        tonnes_ax = axes[0, 0]
    else:
        note = (f"Share of need: mean unmet tonnes / planned tonnes, planned = Σ over industries of need × "
                f"{r.horizon} days (from the scenario stored in the file).")
        fig, axes = ctx.figure("Unmet need per material (mean over paths)", (7.5, 2.2 + 0.4 * len(names)),
                               1, 2, note=note, sharey=True)
        share_ax, tonnes_ax = axes[0]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(planned > 0, unmet / planned, np.nan)
        bars = share_ax.barh(rows, np.nan_to_num(share), color="#CC79A7")
        bar_labels(share_ax, bars, ["no need" if np.isnan(v) else pct(v) for v in share], horizontal=True)
        share_ax.set_xlim(0, max(float(np.nanmax(share)) if np.isfinite(share).any() else 0, 1e-9) * 1.45)
        share_ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        share_ax.set_xlabel("unmet share of the planned need [% of planned tonnes]")
        share_ax.set_title("share of need", fontsize=9)
        share_ax.grid(alpha=0.3, axis="x")
    bars = tonnes_ax.barh(rows, unmet, color="#D55E00")
    bar_labels(tonnes_ax, bars, [(f"{v:,.0f}" if v >= 100 else f"{v:.3g}") + f" {unit}" for v in unmet],
               horizontal=True)
    tonnes_ax.set_xlim(0, max(float(np.max(unmet)), 1e-9) * 1.45)
    tonnes_ax.set_xlabel(f"mean unmet need over the horizon [{unit}]")
    tonnes_ax.set_title("tonnes", fontsize=9)
    tonnes_ax.grid(alpha=0.3, axis="x")
    axes[0, 0].set_yticks(rows, names)
    axes[0, 0].invert_yaxis()
    ctx.save(fig, "unmet_tonnes")


def headlines(ctx):
    """[(stem, title, value, low, high, band label, unit)], arrays [P, I]."""
    r = ctx.res
    pi, piq = ("point", "industry"), ("point", "industry", "quantile")
    unit = r.unit("lost_output/mean", "fraction of planned output over the horizon")
    mean, se = r.get("lost_output/mean", pi), r.get("lost_output/stderr", pi)
    level = nearest(r.coords["quantile"], 0.95)
    j = list(r.coords["quantile"]).index(level)
    q = [r.get(f"lost_output/{n}", piq)[:, :, j] for n in ("quantiles", "quantiles_ci_low", "quantiles_ci_high")]
    prob = r.get("lost_output/prob_any", pi)
    bse = np.sqrt(prob * (1 - prob) / max(float(r.attr("paths", 1)), 1))
    qname = "P95" if abs(level - 0.95) < 1e-9 else f"q{level:g} (nearest stored level to 0.95)"
    return [("mean_lost_output", "mean lost output", mean, mean - 2 * se, mean + 2 * se, "± 2 standard errors", unit),
            ("p95_lost_output", f"{qname} lost output", *q, "95% confidence bounds of the quantile", unit),
            ("prob_any", "P(any shortage)", prob, np.clip(prob - 2 * bse, 0, 1), np.clip(prob + 2 * bse, 0, 1),
             "± 2 binomial standard errors", r.unit("lost_output/prob_any", "fraction of paths"))]


def sweep_index(ctx):
    """Per key its distinct values, and each point's index tuple; None if not a full product."""
    values = []
    for _, column in ctx.sweep:
        distinct = list(dict.fromkeys(column))
        values.append(distinct if isinstance(distinct[0], str) else sorted(distinct))
    idx = [tuple(vals.index(col[p]) for vals, (_, col) in zip(values, ctx.sweep)) for p in range(ctx.res.n_points)]
    full = len(set(idx)) == ctx.res.n_points == math.prod(len(v) for v in values)
    return values, idx, full


def slice_points(ctx, idx, free):
    """Points along the keys in `free`, the other keys as at --point."""
    here = idx[ctx.point]
    return [p for p, t in enumerate(idx) if all(t[j] == here[j] for j in range(len(t)) if j not in free)]


def held_text(ctx, free):
    held = [setting_text(k, v[ctx.point]) for j, (k, v) in enumerate(ctx.sweep) if j not in free]
    return (f"others as at point {ctx.point}: " + "; ".join(held)) if held else ""


def plot_sweeps(ctx, only=None, key=None, heatmaps=True):
    """Response curves (and heatmaps) of the headline figures; `only`: one figure's stem,
    `key`: one swept key (with ctx.ax, the first key unless given)."""
    if not ctx.sweep:
        raise LayoutError("the file has no sweep (dataset group 'sweep/' with more than one point)")
    values, idx, full = sweep_index(ctx)
    keys = [k for k, _ in ctx.sweep]
    if key is not None and key not in keys:
        raise InputError(f"{key!r} is not a swept key (the file sweeps: {', '.join(keys)})")
    draw_keys = [keys.index(key)] if key is not None else ([0] if ctx.ax is not None else range(len(keys)))
    n_keys = len(ctx.sweep)
    panels = len(draw_keys)   # one panel per key drawn: every key, or the one asked for
    if not full:
        warn("the sweep points are not a full cartesian product of the swept values: "
             "response curves show every point, no heatmaps")
    ncols = 1 if panels <= 3 else 2
    nrows = math.ceil(panels / ncols)
    for stem, title, val, low, high, band, unit in headlines(ctx):
        if only is not None and stem != only:
            continue
        fig, axes = ctx.figure(f"Sweep: {title} against each swept key", (7.5 * ncols, 1.4 + 2.9 * nrows),
                               nrows, ncols, per_point=False, note=(
                                   f"Bands: {band}. All points use the same random numbers (common random numbers), so "
                                   "the noise in differences between points is smaller than the bands suggest."))
        for n, j in enumerate(draw_keys):
            key_j, column = ctx.sweep[j]
            ax = axes.flat[n]
            pts = slice_points(ctx, idx, {j}) if full else list(range(ctx.res.n_points))
            categorical = isinstance(values[j][0], str)
            pts = sorted(pts, key=lambda p: values[j].index(column[p]))
            xs = [values[j].index(column[p]) if categorical else column[p] for p in pts]
            for k in ctx.ind:
                st = ctx.style(k)
                ax.plot(xs, val[pts, k], marker="o", markersize=3.5, label=ctx.name(k), **st)
                ax.fill_between(xs, low[pts, k], high[pts, k], color=st["color"], alpha=0.15, linewidth=0)
            if categorical:
                ax.set_xticks(range(len(values[j])), values[j])
            label_axis(ax, "x", key_j)
            ax.set_ylabel(f"{title}\n[{unit}]", fontsize=8)
            ax.set_title(textwrap.fill(held_text(ctx, {j}) if full else "all points", 90), fontsize=7.5)
            ax.grid(alpha=0.3)
        for ax in axes.flat[panels:]:
            ax.set_visible(False)
        axes.flat[min(ncols, axes.size) - 1].legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=7.5)
        ctx.save(fig, f"sweep_{stem}", per_point=full and n_keys >= 2)
        if heatmaps and ctx.ax is None and full and n_keys >= 2:
            plot_sweep_heatmap(ctx, values, idx, stem, title, val, unit)


def plot_sweep_heatmap(ctx, values, idx, stem, title, val, unit):
    (key_y, _), (key_x, _) = ctx.sweep[0], ctx.sweep[1]
    ny, nx = len(values[0]), len(values[1])
    grid = np.full((len(ctx.ind), ny, nx), np.nan)
    for p in slice_points(ctx, idx, {0, 1}):
        grid[:, idx[p][0], idx[p][1]] = val[p, ctx.ind]
    ncols = min(len(ctx.ind), 3)
    nrows = math.ceil(len(ctx.ind) / ncols)
    held = held_text(ctx, {0, 1})
    addresses = f"x axis: {key_x}; y axis: {key_y}" + (f". {held}" if held else "")
    fig, axes = ctx.figure(f"Sweep: {title} over the first two swept keys", (1.6 + 2.2 * ncols, 1.5 + 2.1 * nrows),
                           nrows, ncols, per_point=False, note=addresses, xlabel=axis_text(key_x))
    fig.supylabel(axis_text(key_y), fontsize=9)
    vmin, vmax = np.nanmin(grid), np.nanmax(grid)
    if vmin >= 0:   # a non-negative figure: the colour scale starts at 0, not at the smallest cell
        vmin = 0.0
    cmap = plt.get_cmap("YlOrRd")
    for n, k in enumerate(ctx.ind):
        ax = axes.flat[n]
        image = ax.imshow(grid[n], origin="lower", aspect="auto", cmap=cmap,
                          vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1e-12)
        if nx * ny <= 80:
            for (y, x), v in np.ndenumerate(grid[n]):
                shade = (v - vmin) / (vmax - vmin) if vmax > vmin else 0
                ax.text(x, y, f"{v:.3g}", ha="center", va="center", fontsize=6.5,
                        color="white" if shade > 0.6 else "black")
        ax.set_xticks(range(nx), [fmt_value(v) for v in values[1]], fontsize=7)
        ax.set_yticks(range(ny), [fmt_value(v) for v in values[0]], fontsize=7)
        ax.set_title(ctx.name(k), fontsize=8.5)
    for ax in axes.flat[len(ctx.ind):]:
        ax.set_visible(False)
    bar = fig.colorbar(image, ax=axes, shrink=0.9)
    bar.set_label(textwrap.fill(f"{title} [{unit}]", 50), fontsize=8)
    ctx.save(fig, f"sweep_heatmap_{stem}", per_point=len(ctx.sweep) >= 3)




# ---------------------------------------------------------------------------
# Remedies and designs: drawn when the file has their datasets
# ---------------------------------------------------------------------------

def plot_stockpiles(ctx, stockpile=None):
    """Per stockpile: mean tonnes held at the end of each interval, the end-of-horizon quantiles
    as a fan at the last interval, P(empty) below."""
    r, p = ctx.res, ctx.point
    names = r.labels("stockpile")
    if stockpile is not None and stockpile not in names:
        raise InputError(f"unknown stockpile {stockpile!r} (the file has: {', '.join(names) or 'none'})")
    dims = ("point", "stockpile", "interval")
    n = len(names)
    remaining = r.get("stockpiles/remaining", dims[:1] + (None,) + dims[2:])[p]
    empty = r.get("stockpiles/prob_empty", dims[:1] + (None,) + dims[2:])[p]
    quant = r.get("stockpiles/remaining_quantiles", ("point", None, "quantile"))[p] \
        if r.has("stockpiles/remaining_quantiles") else None
    if remaining.shape[0] != n:
        raise LayoutError(f"stockpiles/remaining has {remaining.shape[0]} stockpiles, coordinate 'stockpile' {n}")
    levels = list(r.coords["quantile"])
    ends = ctx.x(np.append(r.coords["interval"][1:], r.horizon))
    beyond = ctx.x(r.horizon * 1.025)   # the end-of-horizon quantiles, right of the last interval
    unit = r.unit("stockpiles/remaining", "t")
    for s, name in enumerate(names):
        if stockpile is not None and name != stockpile:
            continue
        fig, axes = ctx.figure(f"Stockpile {name}: tonnes held and P(empty)", (7.5, 5.2), 2, 1, sharex=True,
                               gridspec_kw=dict(height_ratios=[3, 1]), note=(
                                   "Line: mean tonnes held at the end of each report interval. Marks at the right: "
                                   "the stored quantiles of the tonnes held at the end of the horizon (Pxx: xx% of "
                                   "paths hold at most that)."))
        ax, axp = (axes[0, 0], None) if ctx.ax is not None else axes[:, 0]
        ax.plot(ends, remaining[s], color="#0072B2", marker="o", markersize=2.5, label="mean held")
        top = float(np.nanmax(remaining[s])) if remaining[s].size else 0.0
        if quant is not None and levels:
            top = max(top, float(np.nanmax(quant[s])))
            quantile_marks(ax, beyond, ctx.x(r.horizon * 1.04), quant[s], levels, top)
        ax.set_ylim(0, max(top, 1e-9) * 1.08)
        ax.set_ylabel(f"held [{unit}]")
        ax.grid(alpha=0.3)
        entries = draw_events(ax, ctx)
        if axp is None:
            ctx.time_axis(ax)
            room_right(ax, ctx, 1.2)
            ctx.save(fig, f"stockpile_{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}")
            continue
        legend_right(ax, entries)
        axp.plot(ends, empty[s], color="#D55E00", marker="o", markersize=2.5)
        axp.set_ylim(0, 1.02)
        axp.set_ylabel("P(empty)", fontsize=8)
        axp.set_title("P(empty): share of paths whose stockpile is empty at the end of the interval",
                      fontsize=8, loc="left")
        axp.grid(alpha=0.3)
        draw_events(axp, ctx, labels=False)
        ctx.time_axis(axp)
        room_right(axp, ctx, 1.2)
        ctx.save(fig, f"stockpile_{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}")


def room_right(ax, ctx, factor):
    """Room right of the horizon (up to factor x T) for marks and labels, with no tick beyond day T."""
    ax.set_xlim(right=ctx.x(ctx.res.horizon * factor))
    last = ctx.x(ctx.res.horizon)
    limit = mdates.date2num(last) if ctx.start is not None else float(last)
    ax.set_xticks([t for t in ax.get_xticks() if t <= limit + 1e-9])


def quantile_marks(ax, x, text_x, values, levels, top):
    """The stored quantiles of one distribution as ticks on a vertical line at x, each labelled with
    its level (P50, P99.9) at text_x; levels whose values lie within 4% of `top` of each other share
    a label (P90-P99.9). Holdings are not shortfalls: their low tail is the risk, so no band from 0."""
    order = np.argsort(levels)
    lv, vals = np.asarray(levels, float)[order], np.asarray(values, float)[order]
    ax.vlines(x, vals.min(), vals.max(), color="#0072B2", linewidth=1.2, alpha=0.6)
    ax.plot([x] * len(vals), vals, linestyle="none", marker="_", markersize=12, markeredgewidth=2,
            color="#0072B2", label="end of horizon: stored quantiles")
    groups = []   # [levels, values] of neighbouring marks that would overlap
    for q, v in zip(lv, vals):
        if groups and abs(v - groups[-1][1][-1]) <= 0.04 * max(top, 1e-12):
            groups[-1][0].append(q)
            groups[-1][1].append(v)
        else:
            groups.append([[q], [v]])
    for qs, vs in groups:
        name = f"P{100 * qs[0]:g}" + (f"–P{100 * qs[-1]:g}" if len(qs) > 1 else "")
        ax.text(text_x, float(np.mean(vs)), name, fontsize=7, va="center", ha="left", color="#0072B2")


def served_industries(ctx):
    """Ids of the industries some stockpile releases to (release_to, else every industry that
    needs its material); None without a readable scenario."""
    stockpiles, industries = ctx.scenario.get("stockpile"), ctx.scenario.get("industry")
    if not isinstance(stockpiles, list) or not isinstance(industries, list):
        return None
    served = set()
    for pile in stockpiles:
        if not isinstance(pile, dict):
            return None
        if "release_to" in pile:
            served.update(pile["release_to"])
            continue
        for ind in industries:
            need = ind.get("need", {}) if isinstance(ind, dict) else {}
            if isinstance(need, dict) and need.get(pile.get("material"), 0) > 0:
                served.add(ind.get("id"))
    return served


def plot_released(ctx):
    """Mean tonnes each stockpile released to each industry over the horizon."""
    r, p = ctx.res, ctx.point
    names = r.labels("stockpile")
    released = r.get("stockpiles/released", ("point", None, "industry"))[p]
    fig, axes = ctx.figure("Stockpile releases per industry (mean over paths)", (7.5, 2.4 + 0.35 * len(ctx.ind)))
    ax = axes[0, 0]
    rows = np.arange(len(ctx.ind))
    left = np.zeros(len(ctx.ind))
    for s, name in enumerate(names):
        vals = released[s, ctx.ind]
        ax.barh(rows, vals, left=left, color=PALETTE[s % len(PALETTE)], label=name)
        left += vals
    served = served_industries(ctx)
    for row, k, total in zip(rows, ctx.ind, left):   # the total at the end of each stack
        unserved = served is not None and r.coords["industry"][k] not in served
        ax.text(total, row, " not served" if unserved and total == 0 else f" {total:,.3g}", va="center",
                fontsize=8, color="0.45" if unserved else "black")
    ax.set_yticks(rows, [ctx.name(k) for k in ctx.ind])
    ax.invert_yaxis()
    ax.set_xlim(0, max(float(left.max()) if left.size else 0, 1e-9) * 1.3)
    ax.set_xlabel(f"released over the horizon [{r.unit('stockpiles/released', 't')}]")
    ax.legend(title="stockpile", fontsize=7.5, loc="lower right")
    ax.grid(alpha=0.3, axis="x")
    ctx.save(fig, "stockpile_released")


#: What each design method's figure shows, by the attribute `method` of sensitivity/.
DESIGN_TITLES = {"oat": "Tornado (one factor at a time)", "sobol": "Sobol indices",
                 "morris": "Morris screening", "lhs": "Spearman rank correlations"}
#: The datasets each method's figure reads (the first one decides whether a file has the method).
DESIGN_DATASETS = {"oat": ("base", "low", "high"), "sobol": ("S1", "ST"),
                   "morris": ("mu_star", "sigma"), "lhs": ("spearman",)}
DESIGN_NOTE = ("Every point uses the same random numbers (common random numbers). Noise share (in each "
               "panel's title): the points' squared standard errors over the spread of the figure across "
               "points; above 0.1 the indices may be mostly Monte Carlo noise.")
LOW_COLOUR, HIGH_COLOUR = "#56B4E9", "#D55E00"


def design_methods(data):
    """The design methods whose figures a file allows: the attribute `method` of sensitivity/,
    or, without it, every method whose datasets are present."""
    method = None
    if data.has("sensitivity"):
        try:
            method = data.results["sensitivity"].attrs.get("method")
        except (KeyError, AttributeError):
            method = None
    if method is not None:
        method = as_text(method)
        if method not in DESIGN_TITLES:
            raise LayoutError(f"sensitivity/ has an unknown method {method!r} "
                              f"(expected one of {', '.join(DESIGN_TITLES)})")
        return [method]
    return [m for m, names in DESIGN_DATASETS.items() if data.has(f"sensitivity/{names[0]}")]


def design_stem(method, output):
    """File name stem of a design figure: design_<method>_<output with / and @ as _>."""
    return f"design_{method}_{output.replace('/', '_').replace('@', '_')}"


def _factor_labels(factors, width=34):
    return [textwrap.fill(axis_text(f), width) for f in factors]


def _index(r, name, o, optional=False):
    """sensitivity/<name>[o] as [industry, factor]; None when optional and absent."""
    if optional and not r.has(f"sensitivity/{name}"):
        return None
    return np.asarray(r.get(f"sensitivity/{name}", ("output", "industry", None))[o], dtype=float)


def _limits(ax, values, floor=None, ceiling=None, pad=0.08):
    """x limits around the finite `values`, never beyond floor/ceiling when given (whiskers
    that reach beyond them are clipped, not allowed to squeeze the bars)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    if floor is not None:
        lo = max(lo, floor)
    if ceiling is not None:
        hi = min(hi, ceiling)
    span = hi - lo if hi > lo else max(abs(hi), 1e-9)
    ax.set_xlim(lo - pad * span, hi + pad * span)


def _panel_tornado(ax, r, o, i, factors, output, data):
    base, low, high, se = (None if d is None else d[i] for d in data)
    swing = np.abs(np.nan_to_num(high - low))
    order = np.argsort(-swing, kind="stable")
    finite = base[np.isfinite(base)]
    base_value = float(finite[0]) if finite.size else 0.0   # the base row is one point: one value
    rows = np.arange(len(factors))
    for row, j in enumerate(order):
        ends = [(low[j], LOW_COLOUR, "factor at low"), (high[j], HIGH_COLOUR, "factor at high")]
        # the longer bar first, so that a shorter one on the same side stays visible on top
        ends.sort(key=lambda e: -abs(np.nan_to_num(e[0] - base_value)))
        for end, colour, label in ends:
            if np.isfinite(end):
                ax.barh(row, end - base_value, left=base_value, height=0.6, color=colour,
                        label=label if row == 0 else None)
        if swing[j] == 0 and np.isfinite(low[j]) and np.isfinite(high[j]):
            ax.annotate("no change", (base_value, row), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=7, color="0.4")
        if se is not None and np.isfinite(se[j]) and se[j] > 0 and np.isfinite(high[j]):
            ax.errorbar(high[j], row, xerr=2 * se[j], fmt="none", ecolor="0.15", capsize=3, linewidth=1,
                        label="± 2 standard errors of high − low" if row == 0 else None)
    ax.axvline(base_value, color="black", linewidth=1)
    if not (swing > 0).any():
        ax.text(0.5, 0.5, "no factor moves the output: every end equals the base", transform=ax.transAxes,
                ha="center", va="center", fontsize=8, color="0.3",
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.85))
    ax.set_yticks(rows, [_factor_labels(factors)[j] for j in order], fontsize=7.5)
    ax.invert_yaxis()
    whisker = 2 * np.nan_to_num(se[order]) if se is not None else 0
    _limits(ax, np.concatenate([[base_value], low, high, high[order] + whisker, high[order] - whisker]))
    ax.locator_params(axis="x", nbins=6)   # panels are narrow: few ticks, never overlapping
    ax.set_xlabel(f"{output} (vertical line: base, every factor at its midpoint) "
                  f"[{r.unit('sensitivity/base', 'fraction')}]", fontsize=8)
    ax.grid(alpha=0.3, axis="x")


SOBOL_AXIS = (-0.5, 1.5)   # indices are shares of variance: what lies beyond is written, not drawn


def _clipped_whisker(ax, y, centre, half, lo, hi):
    """A whisker centre ± half along x at y, cut at the axis [lo, hi]: a cap where it ends
    inside, an arrow head where it runs on beyond the axis."""
    if not (np.isfinite(centre) and np.isfinite(half)) or half <= 0:
        return
    left, right = centre - half, centre + half
    ax.plot([max(left, lo), min(right, hi)], [y, y], color="0.15", linewidth=1, zorder=4)
    for end, edge, inside, outside in ((left, lo, "|", "<"), (right, hi, "|", ">")):
        beyond = end < lo if edge == lo else end > hi
        ax.plot([edge if beyond else end], [y], marker=outside if beyond else inside, color="0.15",
                markersize=6, zorder=6, clip_on=False)


def _panel_sobol(ax, r, o, i, factors, output, data):
    s1, st, s1c, stc = (None if d is None else d[i] for d in data)
    order = np.argsort(-np.nan_to_num(st, nan=-np.inf), kind="stable")
    rows = np.arange(len(factors))
    h = 0.38
    lo, hi = SOBOL_AXIS
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_locator(MultipleLocator(0.5))
    # a factor whose indices and half-widths are all 0 gets one "no effect", not four zeros
    nothing = [all(d is None or (np.isfinite(d[j]) and d[j] == 0) for d in (s1, st, s1c, stc))
               for j in range(len(factors))]
    ax.fill_betweenx([-1, len(factors) + 1], 0, 1, color="0.93", zorder=0, linewidth=0)   # where an exact index lies
    for offset, values, conf, colour, label in ((-h / 2, s1, s1c, LOW_COLOUR, "S1 (first order)"),
                                                (h / 2, st, stc, "#0072B2", "ST (total)")):
        # NaN (an output that does not vary across the points) is drawn as no bar
        shown = np.clip(np.nan_to_num(values[order]), lo, hi)
        ax.barh(rows + offset, shown, h, color=colour, label=label, zorder=2)
        for row, j in zip(rows, order):
            v, c = values[j], (np.nan if conf is None else conf[j])
            _clipped_whisker(ax, row + offset, v, c, lo, hi)
            if not np.isfinite(v) or nothing[j]:
                continue
            text = f"{v:.2f}" + (f" ± {c:.2g}" if np.isfinite(c) else "")
            outside = (v + (c if np.isfinite(c) else 0) > hi) or v < lo
            # the value at the right edge when the bar or its whisker leaves the axis, else after the bar
            x, ha, shift = ((hi, "right", -8) if outside else
                            (max(v, 0) + (c if np.isfinite(c) and c > 0 else 0), "left", 3))
            ax.annotate(text, (x, row + offset), xytext=(shift, 0), textcoords="offset points", va="center",
                        ha=ha, fontsize=6.5, zorder=5,
                        bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.85))
    if not np.isfinite(st).any():
        ax.text(0.5, 0.5, "no indices: the output does not vary across the points", transform=ax.transAxes,
                ha="center", va="center", fontsize=8, color="0.3")
    for row, j in zip(rows, order):
        if nothing[j]:
            ax.annotate("no effect", (0, row), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=7, color="0.4")
    wide = [c for c in (s1c, stc) if c is not None and np.isfinite(c).any()]
    if wide and max(float(np.nanmax(c)) for c in wide) > 0.5:   # in the room left below the last row
        ax.text(0.99, 0.015, "half-widths > 0.5: too few samples", transform=ax.transAxes, fontsize=7,
                color="#D55E00", va="bottom", ha="right",
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.85, pad=1))
    ax.set_yticks(rows, [_factor_labels(factors)[j] for j in order], fontsize=7.5)
    ax.set_ylim(len(factors) - 0.4 + (0.5 if wide else 0), -0.6)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("share of the output's variance (whiskers: 95% bootstrap half-widths;\n"
                  f"the axis stops at {lo:g} and {hi:g}, an arrow marks a whisker running on)", fontsize=8)
    ax.grid(alpha=0.3, axis="x")


def _panel_morris(ax, r, o, i, factors, output, data):
    mu_star, sigma, conf = (None if d is None else d[i] for d in data)
    for j, factor in enumerate(factors):
        if not (np.isfinite(mu_star[j]) and np.isfinite(sigma[j])):
            continue
        ax.errorbar(mu_star[j], sigma[j], xerr=None if conf is None or not np.isfinite(conf[j]) else conf[j],
                    fmt="o", color=PALETTE[j % len(PALETTE)], markersize=5, capsize=3, label=axis_text(factor))
    ends = [np.nan_to_num(mu_star), np.nan_to_num(sigma)]
    if conf is not None:
        ends.append(np.nan_to_num(mu_star + conf))
    top = float(np.max(np.concatenate(ends))) if len(factors) else 0.0
    if not top > 0:
        ax.text(0.5, 0.5, "no factor moves the output: every elementary effect is 0", transform=ax.transAxes,
                ha="center", va="center", fontsize=8, color="0.3")
        top = 1.0
    ax.plot([0, top * 1.15], [0, top * 1.15], color="0.5", linestyle="--", linewidth=0.8, label="σ = μ*")
    ax.set_xlim(0, top * 1.15)
    ax.set_ylim(0, top * 1.15)
    unit = r.unit("sensitivity/mu_star", "output per unit of the factor's range")
    ax.set_xlabel(f"μ*: mean |elementary effect| (whiskers: 95% bootstrap) [{unit}]", fontsize=8)
    ax.set_ylabel("σ: spread of the effects\n(interactions, non-linearity)", fontsize=8)
    ax.grid(alpha=0.3)


def _panel_lhs(ax, r, o, i, factors, output, data):
    (rho,) = (d[i] for d in data)
    order = np.argsort(-np.abs(np.nan_to_num(rho)), kind="stable")
    rows = np.arange(len(factors))
    values = np.nan_to_num(rho[order])
    ax.barh(rows, values, 0.6, color=[HIGH_COLOUR if v >= 0 else LOW_COLOUR for v in values])
    for row, v in zip(rows, rho[order]):
        ax.text(np.nan_to_num(v), row, f" {v:+.2f} " if np.isfinite(v) else " n/a ", va="center", fontsize=7,
                ha="left" if np.nan_to_num(v) >= 0 else "right")
    ax.set_yticks(rows, [_factor_labels(factors)[j] for j in order], fontsize=7.5)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    if not np.isfinite(rho).any():
        ax.text(0.5, 0.5, "no correlations: the output does not vary across the points", transform=ax.transAxes,
                ha="center", va="center", fontsize=8, color="0.3")
    ax.set_xlim(-1.15, 1.15)
    ax.set_xlabel(f"Spearman rank correlation of the factor with {output}", fontsize=8)
    ax.grid(alpha=0.3, axis="x")


_DESIGN_PANELS = {
    "oat": (_panel_tornado, (("base", False), ("low", False), ("high", False), ("swing_stderr", True))),
    "sobol": (_panel_sobol, (("S1", False), ("ST", False), ("S1_conf", True), ("ST_conf", True))),
    "morris": (_panel_morris, (("mu_star", False), ("sigma", False), ("mu_star_conf", True))),
    "lhs": (_panel_lhs, (("spearman", False),)),
}


def plot_design(ctx, method=None, outputs=None):
    """A design's indices: one figure per output, one panel per industry titled with the industry
    and its noise share: a tornado chart (OAT; whiskers ± 2 paired standard errors of the swing),
    S1/ST bars with their 95% half-widths (Sobol), μ* against σ (Morris) or Spearman bars (LHS)."""
    r = ctx.res
    methods = design_methods(r) if method is None else [method]
    if not methods:
        raise LayoutError("sensitivity/ holds no indices of a known method")
    factors = r.labels("factor")
    all_outputs = r.labels("output")
    for name in outputs or []:
        if name not in all_outputs:
            raise InputError(f"unknown output {name!r} (the file has: {', '.join(all_outputs)})")
    noise = (np.asarray(r.get("sensitivity/noise_share", ("output", "industry")), dtype=float)
             if r.has("sensitivity/noise_share") else None)
    panels = ctx.ind[:1] if ctx.ax is not None else ctx.ind
    ncols = min(len(panels), 2)
    nrows = math.ceil(len(panels) / ncols)
    for method in methods:
        draw, names = _DESIGN_PANELS[method]
        for output in outputs or all_outputs:
            o = all_outputs.index(output)
            data = [_index(r, name, o, optional) for name, optional in names]
            height = 2.6 if method == "morris" else 0.9 + 0.42 * len(factors)
            fig, axes = ctx.figure(f"{DESIGN_TITLES[method]}: {output}",
                                   (6.8 * ncols + (2.6 if method == "morris" else 0), 1.3 + (height + 0.7) * nrows),
                                   nrows, ncols, per_point=False, note=DESIGN_NOTE)
            for n, i in enumerate(panels):
                ax = axes.flat[n]
                draw(ax, r, o, i, factors, output, data)
                if ctx.ax is None:
                    share = noise[o, i] if noise is not None else np.nan
                    noisy = np.isfinite(share) and share > 0.1
                    ax.set_title(f"{ctx.name(i)} (noise share " +
                                 (f"{share:.2g}" if np.isfinite(share) else "n/a") +
                                 (": much of it Monte Carlo noise)" if noisy else ")"), fontsize=9, loc="left",
                                 color="#D55E00" if noisy else "black")
            for ax in axes.flat[len(panels):]:
                ax.set_visible(False)
            if ctx.ax is None:
                if method != "lhs":   # right of the top right panel, clear of the bars and titles
                    axes.flat[ncols - 1].legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=7,
                                                title="factor" if method == "morris" else None,
                                                title_fontsize=7.5)
            ctx.save(fig, design_stem(method, output), per_point=False)


# ---------------------------------------------------------------------------
# Public functions: one per figure
# ---------------------------------------------------------------------------

def _one(draw, results, point=0, industries=None, ax=None, **kw):
    ctx = Context(results, point=point, industry=industries, ax=ax)
    with plt.rc_context(STYLE):
        draw(ctx, **kw)
    if ax is not None:
        return ax.figure
    if not ctx.figures:
        raise LayoutError("nothing to draw")
    return next(iter(ctx.figures.values()))


def fan_chart(results, industry, *, point=0, ax=None):
    """Shortfall per report interval of one industry: mean, bands of the stored quantiles,
    scheduled events, and P(short) below (without `ax`)."""
    return _one(plot_fans, results, point, [industry], ax)


def exceedance(results, *, point=0, industries=None, ax=None):
    """P(lost output > x) per industry, log scale, with the stored quantiles and their bounds."""
    return _one(plot_exceedance, results, point, industries, ax)


def first_shortage(results, *, point=0, industries=None, ax=None):
    """P(no shortage yet) at the end of each report interval."""
    return _one(plot_first_shortage, results, point, industries, ax)


def joint_correlation(results, *, point=0, industries=None, ax=None):
    """Correlation of lost output between industries."""
    return _one(plot_correlation, results, point, industries, ax)


def joint_count(results, *, point=0, ax=None):
    """P(at least k industries short)."""
    return _one(plot_joint_count, results, point, None, ax)


def regime_occupancy(results, *, point=0, ax=None):
    """Mean share of days in each regime."""
    return _one(plot_regimes, results, point, None, ax)


def unmet_tonnes(results, *, point=0, ax=None):
    """Mean unmet need per material: share of the planned need and tonnes (tonnes only with `ax`)."""
    return _one(plot_unmet, results, point, None, ax)


SWEEP_FIGURES = ("mean_lost_output", "p95_lost_output", "prob_any")


def sweep_response(results, figure="mean_lost_output", *, key=None, point=0, industries=None, ax=None):
    """A headline figure (one of SWEEP_FIGURES) against each swept key, the other keys held at
    their values at `point`; with `ax`, against `key` (default: the first swept key)."""
    if figure not in SWEEP_FIGURES:
        raise InputError(f"figure must be one of {', '.join(SWEEP_FIGURES)}, not {figure!r}")
    return _one(plot_sweeps, results, point, industries, ax, only=figure, key=key, heatmaps=False)


def sweep_heatmap(results, figure="mean_lost_output", *, point=0, industries=None):
    """A headline figure over the first two swept keys, one panel per industry."""
    if figure not in SWEEP_FIGURES:
        raise InputError(f"figure must be one of {', '.join(SWEEP_FIGURES)}, not {figure!r}")
    ctx = Context(results, point=point, industry=industries)
    if len(ctx.sweep) < 2:
        raise LayoutError("a heatmap needs a sweep of two keys or more")
    values, idx, full = sweep_index(ctx)
    if not full:
        raise LayoutError("the sweep points are not a full cartesian product of the swept values")
    for stem, title, val, _, _, _, unit in headlines(ctx):
        if stem == figure:
            with plt.rc_context(STYLE):
                plot_sweep_heatmap(ctx, values, idx, stem, title, val, unit)
    return next(iter(ctx.figures.values()))


def stockpile_drawdown(results, stockpile=None, *, point=0, ax=None):
    """Tonnes held by a stockpile over time (default: the first) and P(empty)."""
    if stockpile is None:
        stockpile = data_of(results).labels("stockpile")[0]
    return _one(plot_stockpiles, results, point, None, ax, stockpile=stockpile)


def released_tonnes(results, *, point=0, industries=None, ax=None):
    """Mean tonnes released by the stockpiles to each industry."""
    return _one(plot_released, results, point, industries, ax)


def _design(method, results, output, industry, industries, ax):
    if industry is not None:
        industries = [industry]
    data = data_of(results)
    if output is None:
        output = data.labels("output")[0]
    return _one(plot_design, data, 0, industries, ax, method=method, outputs=[output])


def tornado(results, output=None, industry=None, *, industries=None, ax=None):
    """One-at-a-time design: each factor's low and high ends against the base, sorted by swing,
    for `output` (default: the first), one panel per industry (`industry`: that one alone; with
    `ax`: the first industry selected)."""
    return _design("oat", results, output, industry, industries, ax)


def sobol_indices(results, output=None, industry=None, *, industries=None, ax=None):
    """Sobol design: S1 and ST per factor with their 95% half-widths (panels as `tornado`)."""
    return _design("sobol", results, output, industry, industries, ax)


def morris(results, output=None, industry=None, *, industries=None, ax=None):
    """Morris design: μ* against σ per factor, μ*'s 95% half-widths (panels as `tornado`)."""
    return _design("morris", results, output, industry, industries, ax)


def spearman(results, output=None, industry=None, *, industries=None, ax=None):
    """Latin hypercube design: Spearman rank correlation of each factor with `output`
    (panels as `tornado`)."""
    return _design("lhs", results, output, industry, industries, ax)


def figure_steps(data):
    """The figure functions that apply to a file, in the order `all_figures` draws them."""
    steps = [plot_fans, plot_exceedance, plot_first_shortage, plot_correlation, plot_joint_count,
             plot_regimes, plot_unmet]
    design = data.has("sensitivity")
    if data.n_points > 1 and data.has("sweep") and not design:   # a design's points are no response curve
        steps.append(plot_sweeps)
    if data.has("stockpiles/remaining"):
        steps.append(plot_stockpiles)
    if data.has("stockpiles/released"):
        steps.append(plot_released)
    if design:
        steps.append(plot_design)
    return steps


def all_figures(results, *, point=0, industries=None, sink=None):
    """Every figure the file's datasets allow, as {file stem: Figure} (what tools/chokepoint-plot
    writes). With `sink(fig, stem)` each figure goes there instead, as soon as it is drawn.
    Returns (figures, failures): failures maps a figure's name to the reason it was not drawn."""
    ctx = Context(results, point=point, industry=industries, sink=sink)
    failures = {}
    for draw in figure_steps(ctx.res):
        name = draw.__name__.replace("plot_", "")
        try:
            with plt.rc_context(STYLE):
                draw(ctx)
        except LayoutError as err:
            if sink is not None:
                plt.close("all")
            failures[name] = str(err)
    return ctx.figures, failures
