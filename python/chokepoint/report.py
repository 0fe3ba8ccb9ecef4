"""One self-contained HTML page from a results file: provenance, the headline table,
the figures (embedded PNG), and for sweeps the response curves and paired changes."""
import base64
import html
import io
import os

import matplotlib

from . import plot as _plot
from .results import open_results, source, text
from .tables import headline, paired_change

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e3e3e3; text-align: right; }
th:first-child, td:first-child { text-align: left; } thead th { background: #f3f3f3; }
table.meta td { text-align: left; } pre { background: #f7f7f7; padding: 1em; overflow-x: auto; font-size: 0.8em; }
figure { margin: 1em 0; } img { max-width: 100%; height: auto; border: 1px solid #eee; }
.note { color: #555; font-size: 0.9em; } code { font-size: 0.9em; }
"""


def _png(fig, dpi):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    matplotlib.pyplot.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _pct(v, digits=2):
    return "n/a" if v != v else f"{100 * v:.{digits}f}%"


def _table(df, formats, cls="headline"):
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in [df.index.name or ""] + list(df.columns))
    rows = []
    for name, row in df.iterrows():
        cells = "".join(f"<td>{formats.get(c, _pct)(row[c])}</td>" for c in df.columns)
        rows.append(f"<tr><td>{html.escape(str(name))}</td>{cells}</tr>")
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _signed(v):
    return "n/a" if v != v else f"{100 * v:+.3f}%"


def report(results, path, *, point=0, dpi=100, max_diff_points=12):
    """Write the report of `results` (opened results or a results file's path) to `path`;
    returns the path.  Sweeps: the headline table of `point`, response figures, and the
    paired change of every other point from `point` (the first `max_diff_points`)."""
    if isinstance(results, (str, os.PathLike)):
        results = open_results(results)
    attrs = results.attrs
    a = lambda name, default="": text(attrs[name]) if name in attrs else default  # noqa: E731
    name = a("scenario_name", "chokepoint results")
    ctx = _plot.Context(results, point=point)
    data = ctx.res
    n_points = data.n_points
    parts = [f"<h1>{html.escape(name)}</h1>",
             f'<p class="note">chokepoint results <code>{html.escape(os.path.basename(source(results)))}</code>'
             + (f", {n_points} sweep points" if n_points > 1 else "") + "</p>"]

    # Provenance
    meta = [("chokepoint version", a("chokepoint_version")), ("git revision", a("git_revision")),
            ("seed", a("seed")), ("paths", f"{int(float(a('paths', '0'))):,}"),
            ("horizon", f"{a('horizon_days')} days" + (f" from {a('start_date')}" if a("start_date") else "")),
            ("warm-up", f"{a('warmup_days')} days" if a("warmup_days") else ""),
            ("shortage threshold", a("shortage_threshold")),
            ("backend", " ".join(x for x in (a("backend"), a("device")) if x)),
            ("elapsed", f"{float(a('elapsed_seconds', 'nan')):.1f} s" if a("elapsed_seconds") else ""),
            ("command line", f"<code>{html.escape(a('command_line'))}</code>")]
    if a("sweep_keys"):
        meta.append(("swept keys", ", ".join(f"<code>{html.escape(k)}</code>" for k in a("sweep_keys").split(","))))
    rows = "".join(f"<tr><th>{k}</th><td>{v if k in ('command line', 'swept keys') else html.escape(v)}</td></tr>"
                   for k, v in meta if v)
    parts.append(f'<h2>Provenance</h2><table class="meta">{rows}</table>')
    if a("scenario_toml"):
        parts.append("<details><summary>resolved scenario (every default written out)</summary>"
                     f"<pre>{html.escape(a('scenario_toml'))}</pre></details>")

    # Headline table
    table = headline(results, point)
    formats = {c: (lambda v: f"{v:.1f}") for c in table.columns if c == "shortage days"}
    formats.update({c: (lambda v: _pct(v, 1)) for c in table.columns if c.startswith("P(short)")})
    where = f" at {ctx.point_label()}" if n_points > 1 else ""
    parts.append(f"<h2>Headline figures{html.escape(where)}</h2>"
                 '<p class="note">Lost output: fraction of the planned output lost over the horizon, mean over '
                 "paths with its standard error, the 95% quantile (P95) and the mean of the worst 5% (CVaR95). "
                 f"P(short): share of paths with a shortage day ({html.escape(ctx.short_text())}), "
                 "with its binomial standard error.</p>" + _table(table, formats))

    figures = []

    def sink(fig, stem):
        figures.append((stem, _png(fig, dpi)))

    draw = _plot.Context(results, point=point, sink=sink)
    sections = [("Shortfall over time", [_plot.plot_fans]), ("Lost output", [_plot.plot_exceedance]),
                ("Time to first shortage", [_plot.plot_first_shortage])]
    if n_points > 1 and data.has("sweep"):
        sections.append(("Sweep responses", [lambda c: _plot.plot_sweeps(c, heatmaps=False)]))
    if data.has("stockpiles/remaining"):
        sections.append(("Stockpiles", [_plot.plot_stockpiles] +
                         ([_plot.plot_released] if data.has("stockpiles/released") else [])))
    for title, steps in sections:
        figures.clear()
        for step in steps:
            try:
                step(draw)
            except _plot.LayoutError as err:
                parts.append(f'<p class="note">{html.escape(title)}: not drawn ({html.escape(str(err))})</p>')
        if figures:
            parts.append(f"<h2>{html.escape(title)}</h2>")
            parts += [f'<figure><img alt="{html.escape(stem)}" src="data:image/png;base64,{png}"></figure>'
                      for stem, png in figures]

    # Paired changes
    if n_points > 1:
        others = [p for p in range(n_points) if p != point][:max_diff_points]
        parts.append(f"<h2>Paired changes from point {point}</h2>"
                     '<p class="note">Change of mean lost output and of P(short) from point '
                     f"{point} to each point, with standard errors from the paired paths (every point uses "
                     "the same random numbers), as <code>chokepoint summary --diff</code>."
                     + (f" The first {len(others)} of {n_points - 1} points." if n_points - 1 > len(others) else "")
                     + "</p>")
        fmt = {"mean A": _pct, "mean B": _pct, "change": _signed, "stderr paired": lambda v: _pct(v, 3),
               "stderr unpaired": lambda v: _pct(v, 3), "P(short) A": lambda v: _pct(v, 1),
               "P(short) B": lambda v: _pct(v, 1), "P(short) change": lambda v: "n/a" if v != v else f"{100 * v:+.1f}%",
               "P(short) stderr paired": lambda v: _pct(v, 1)}
        for p in others:
            ctx.point = p
            parts.append(f"<h3>point {p}: {html.escape(ctx.point_label().split(': ', 1)[-1])}</h3>")
            parts.append(_table(paired_change(results, point, p), fmt, cls="diff"))
        ctx.point = point

    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(name)} — chokepoint report</title><style>{_STYLE}</style></head>"
            "<body>\n" + "\n".join(parts) + "\n</body></html>\n")
    path = os.fspath(path)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, path)
    return path
