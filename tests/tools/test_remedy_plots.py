"""The stockpile figures of the Python package on results files written by the binary.

The scenario is docs/model.md's worked example of a stockpile shared under a ban
(deterministic: one absorbing regime, no draw changes a figure), so the figures can
be checked against the numbers followed by hand there: the stockpile holds
8, 8, 5.5, 3, 1, 0, 0, 0 t at the end of days 0 ... 7, is empty from day 5, and
releases 4 t to defence and 4 t to wind.  The sweep of its size checks that the
response curves put the swept tonnes on their x axis.  Each run has a handful of
paths (the results are the same on every path), so the test takes seconds.
"""
import os
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
import chokepoint  # noqa: E402
from chokepoint import plot  # noqa: E402

SCENARIO = """\
[scenario]
name = "worked example: a stockpile shared under a ban"

[simulation]
horizon_days = 8
warmup_days = 0
report_interval_days = 1

[output]
quantiles = [0.05, 0.5, 0.95]

[[material]]
id = "dy"

[[regime]]
id = "ban"
licence = "banned"

[[industry]]
id = "defence"
need = { dy = 1.0 }
inventory_days = 2
review_days = 7
priority = -1

[[industry]]
id = "wind"
need = { dy = 2.0 }
inventory_days = 2
review_days = 7
priority = 1
substitution = { dy = { delay_days = 2, need_factor = 0.5 } }

[[stockpile]]
id = "national_dy"
material = "dy"
tonnes = 8
max_release_tonnes_per_day = 2.5
"""
HELD = [8, 8, 5.5, 3, 1, 0, 0, 0]   # end of days 0 ... 7 (docs/model.md)
TONNES = [2, 5, 8, 12]


def binary():
    return os.environ.get("CHOKEPOINT_BIN") or chokepoint.find_binary()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("remedy_plots")
    scenario = d / "stockpile.toml"
    scenario.write_text(SCENARIO)
    single = chokepoint.run(str(scenario), paths=4, output=d / "single.h5", binary=binary(), progress=False,
                            tree=False).path
    sweep = chokepoint.run(str(scenario), paths=4, vary={"stockpile.national_dy.tonnes": TONNES},
                           output=d / "sweep.h5", binary=binary(), progress=False, tree=False).path
    defence_only = d / "defence_only.toml"
    defence_only.write_text(SCENARIO.replace('tonnes = 8\n', 'tonnes = 8\nrelease_to = ["defence"]\n'))
    only = chokepoint.run(str(defence_only), paths=4, output=d / "defence_only.h5", binary=binary(),
                          progress=False, tree=False).path
    return {"single": single, "sweep": sweep, "defence_only": only}


@pytest.mark.parametrize("with_ax", [False, True])
def test_drawdown_shows_the_holdings_followed_by_hand(files, with_ax):
    res = chokepoint.open_results(files["single"])
    ax = plt.subplots()[1] if with_ax else None
    fig = plot.stockpile_drawdown(res, ax=ax)
    main = ax or fig.axes[0]
    mean = main.lines[0]
    np.testing.assert_allclose(mean.get_ydata(), HELD)
    np.testing.assert_allclose(mean.get_xdata(), np.arange(1, 9))   # end of day t drawn at t + 1
    # Every stored quantile of the holding at the end is a mark (all 0 here: the stockpile is
    # empty on every path), never a band from 0 to a level.
    marks = [line for line in main.lines[1:] if line.get_label().startswith("end of horizon")]
    assert len(marks) == 1
    np.testing.assert_allclose(marks[0].get_ydata(), [0, 0, 0])
    labels = [t.get_text() for t in main.texts]
    assert "P5–P95" in labels, labels
    assert not any("band" in line.get_label() for line in main.lines)
    if not with_ax:
        empty = fig.axes[1]
        assert "P(empty)" in empty.get_ylabel()
        np.testing.assert_allclose(empty.lines[0].get_ydata(), [0, 0, 0, 0, 0, 1, 1, 1])
        # Room for the labels right of the horizon, but no tick beyond day T.
        assert max(empty.get_xticks()) <= 8
        assert empty.get_xlim()[1] > 8
    plt.close("all")


def test_released_bars_are_the_tonnes_released(files):
    res = chokepoint.open_results(files["single"])
    fig = plot.released_tonnes(res)
    widths = [p.get_width() for p in fig.axes[0].patches]
    np.testing.assert_allclose(widths, [4, 4])   # defence, wind
    assert [t.get_text() for t in fig.axes[0].texts] == [" 4", " 4"]
    # Serving defence alone: it is topped up on days 2 ... 7 (6 t), wind gets nothing and is
    # marked as not served rather than as served with 0 t.
    fig = plot.released_tonnes(chokepoint.open_results(files["defence_only"]))
    np.testing.assert_allclose([p.get_width() for p in fig.axes[0].patches], [6, 0])
    assert [t.get_text() for t in fig.axes[0].texts] == [" 6", " not served"]
    plt.close("all")


def test_sweep_response_has_the_swept_tonnes_on_its_x_axis(files):
    res = chokepoint.open_results(files["sweep"])
    fig = plot.sweep_response(res, "mean_lost_output")
    ax = fig.axes[0]
    assert "stockpile" in ax.get_xlabel() and "tonnes" in ax.get_xlabel(), ax.get_xlabel()
    lost = res["lost_output/mean"].values
    for k, line in enumerate(ax.lines[:2]):
        np.testing.assert_allclose(line.get_xdata(), TONNES)
        np.testing.assert_allclose(line.get_ydata(), lost[:, k])
    # A larger stockpile never leaves defence (served first) worse off; with 12 t it is topped
    # up on every day to day 7 (2.5 + 2.5 + 4 x 2 = 13 t asked, its own 1 t last on day 7).
    assert np.all(np.diff(lost[:, 0]) <= 1e-12)
    assert lost[-1, 0] == 0
    plt.close("all")


def test_plot_tool_draws_the_stockpile_figures_of_each_point(files, tmp_path):
    for name, stems in (("single", ["stockpile_national_dy", "stockpile_released"]),
                        ("sweep", ["stockpile_national_dy_point0", "stockpile_released_point0",
                                   "sweep_mean_lost_output", "sweep_prob_any"])):
        out = tmp_path / name
        run = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "chokepoint-plot"), str(files[name]),
                              "-o", str(out)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        for stem in stems:
            assert (out / f"{stem}.png").stat().st_size > 5000, stem
