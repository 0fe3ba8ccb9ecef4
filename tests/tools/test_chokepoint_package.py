"""Tests of the Python package chokepoint (python/), run by pytest from CTest.

The results files are written by the binary ($CHOKEPOINT_BIN, else build/chokepoint)
through chokepoint.run, with few paths and the scenario's fixed seed: the default
scenario (with start_date), a sweep of two keys, a test scenario without start_date,
and a run with --save-paths.  Files with stockpiles and designs are written here with
h5py in the documented layout (numbers made up: only the layout matters there).
"""
import os
import re
import shutil
import subprocess
import sys

import h5py
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
import chokepoint  # noqa: E402
from chokepoint import plot  # noqa: E402

TREE_MODES = [False] + ([True] if chokepoint.DataTree is not None else [])
SWEEP = {"regime.truce.approval_prob": [0.5, 0.7, 0.9], "industry.automotive_other.inventory_days": [15, 45]}


def binary():
    return os.environ.get("CHOKEPOINT_BIN") or chokepoint.find_binary()


@pytest.fixture(scope="session")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("runs")
    out = {}
    out["single"] = chokepoint.run(paths=300, output=d / "single.h5", binary=binary(), progress=False, tree=False).path
    out["sweep"] = chokepoint.run(paths=200, vary=SWEEP, output=d / "sweep.h5", binary=binary(), progress=False,
                                  tree=False).path
    out["nodate"] = chokepoint.run(os.path.join(ROOT, "tests", "scenarios", "gl_bypass.toml"), paths=200,
                                   output=d / "nodate.h5", binary=binary(), progress=False, tree=False).path
    out["paths"] = chokepoint.run(paths=100, save_paths=True, output=d / "paths.h5", binary=binary(),
                                  progress=False, tree=False).path
    return out


def h5_text(values):
    if values.dtype.kind in "SO":
        return np.array([v.decode() if isinstance(v, bytes) else str(v) for v in values.reshape(-1)],
                        dtype=object).reshape(values.shape)
    return values


def every_dataset(path):
    names = []
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Dataset) else None)
    return names


# --- open_results ---------------------------------------------------------------

@pytest.mark.parametrize("tree", TREE_MODES)
@pytest.mark.parametrize("which", ["single", "sweep", "nodate", "paths"])
def test_round_trip_every_dataset(files, which, tree):
    path = files[which]
    res = chokepoint.open_results(path, tree=tree)
    with h5py.File(path, "r") as f:
        for name in every_dataset(path):
            if name == "path":   # path ids are the positions 0 ... N-1: no coordinate variable
                assert "path" not in res["paths/lost_output"].coords if "paths" in f else True
                continue
            da = res[name]
            want = h5_text(f[name][()])
            got = da.values
            if want.dtype.kind == "O":
                assert list(got.reshape(-1)) == list(want.reshape(-1)), name
            else:
                np.testing.assert_array_equal(got, want, err_msg=name)
            if h5py.h5ds.is_scale(f[name].id):
                dims = (name,)
            else:
                dims = tuple(f[name].dims[k][0].name.rsplit("/", 1)[-1] for k in range(f[name].ndim))
            assert da.dims == dims, name
            for d in dims:   # every dimension but path has its coordinate values
                if d != "path":
                    assert list(h5_text(da[d].values)) == list(h5_text(f[d][()])), f"{name}: coordinate {d}"
            for attr in ("units", "description"):
                assert str(da.attrs[attr]) == chokepoint.results.text(f[name].attrs[attr]), f"{name}.{attr}"
        for key, value in f.attrs.items():
            assert chokepoint.results.text(res.attrs[key]) == chokepoint.results.text(value), key


@pytest.mark.parametrize("tree", TREE_MODES)
def test_dates_with_and_without_start_date(files, tree):
    res = chokepoint.open_results(files["single"], tree=tree)
    start = np.datetime64(chokepoint.results.text(res.attrs["start_date"]), "D")
    for name in ("shortfall/mean", "first_shortage/survival"):
        da = res[name]
        want = start + da["interval"].values.astype("timedelta64[D]")
        np.testing.assert_array_equal(da["date"].values.astype("datetime64[D]"), want)
    assert str(res["shortfall/mean"]["date"].values[0])[:10] == "2025-12-18"
    nodate = chokepoint.open_results(files["nodate"], tree=tree)
    assert "start_date" not in nodate.attrs
    assert "date" not in nodate["shortfall/mean"].coords


@pytest.mark.parametrize("tree", TREE_MODES)
def test_sweep_point_coordinate_carries_the_swept_values(files, tree):
    res = chokepoint.open_results(files["sweep"], tree=tree)
    mean = res["lost_output/mean"]
    grid = [(a, b) for a in SWEEP["regime.truce.approval_prob"] for b in SWEEP["industry.automotive_other.inventory_days"]]
    np.testing.assert_array_equal(mean["regime.truce.approval_prob"].values, [a for a, _ in grid])
    np.testing.assert_array_equal(mean["industry.automotive_other.inventory_days"].values, [b for _, b in grid])
    np.testing.assert_array_equal(mean["point"].values, np.arange(6))
    # selection by swept value, as a notebook would
    at = mean.where(mean["regime.truce.approval_prob"] == 0.9, drop=True)
    assert list(at["point"].values) == [4, 5]


def test_opening_reads_no_per_path_data(files, monkeypatch):
    reads = []
    original = h5py.Dataset.__getitem__

    def counting(self, key):
        reads.append(self.name)
        return original(self, key)

    monkeypatch.setattr(h5py.Dataset, "__getitem__", counting)
    for tree in TREE_MODES:
        reads.clear()
        res = chokepoint.open_results(files["paths"], tree=tree)
        assert not [r for r in reads if r.startswith("/paths/") or r == "/path"], reads
        assert res["paths/lost_output"].shape[1] == 100
        assert not [r for r in reads if r.startswith("/paths/")], "shape needs no read"
        res["paths/lost_output"].values
        assert any(r == "/paths/lost_output" for r in reads), "the data are read when used"


def test_refuses_files_that_are_not_results(tmp_path, files):
    text = tmp_path / "notes.h5"
    text.write_text("not hdf5")
    with pytest.raises(ValueError, match=re.escape(str(text)) + r".*not an HDF5 file"):
        chokepoint.open_results(text)
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f.attrs["format"] = "something-else"
    with pytest.raises(ValueError, match=re.escape(str(other)) + r".*not a chokepoint results file"):
        chokepoint.open_results(other)
    future = tmp_path / "future.h5"
    shutil.copyfile(files["single"], future)
    with h5py.File(future, "r+") as f:
        f.attrs["format_version"] = "2.0"
    with pytest.raises(ValueError, match=re.escape(str(future)) + r".*format_version '2.0'"):
        chokepoint.open_results(future)
    with pytest.raises(FileNotFoundError):
        chokepoint.open_results(tmp_path / "missing.h5")


# --- run --------------------------------------------------------------------------

def test_run_refused_option_raises_with_the_binary_message(tmp_path):
    target = tmp_path / "bad.h5"
    with pytest.raises(chokepoint.ChokepointError) as err:
        chokepoint.run(paths=50, set={"regime.no_such_regime.approval_prob": 0.5}, output=target,
                       binary=binary(), progress=False)
    assert err.value.returncode == 2
    assert "no_such_regime" in err.value.message
    assert os.listdir(tmp_path) == [], "nothing is left behind"
    with pytest.raises(chokepoint.ChokepointError) as err:
        chokepoint.run(paths=0, output=target, binary=binary(), progress=False)
    assert err.value.returncode == 2 and "paths" in err.value.message
    assert os.listdir(tmp_path) == []


def test_run_shows_progress_and_finds_the_default_output(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CHOKEPOINT_PROGRESS_INTERVAL", "0")
    monkeypatch.setitem(sys.modules, "tqdm", None)   # the fallback: the binary's progress lines
    res = chokepoint.run(paths=1100, seed=7, threads=1, binary=binary(), cwd=tmp_path)   # batches of 1,024 paths
    assert chokepoint.source(res) == os.path.join(tmp_path, "results", "rare_earths_2026.h5")
    assert int(res.attrs["seed"]) == 7 and int(res.attrs["paths"]) == 1100
    assert "chokepoint: progress:" in capsys.readouterr().err
    cmd = chokepoint.runner.command(None, paths=5, vary={"regime.truce.approval_prob": [0.1, 0.2]},
                                    set=["industry.wind.buyers=3"], backend="cpu", save_paths=True,
                                    binary=binary())
    assert cmd[1:] == ["run", "-n", "5", "--backend", "cpu", "--set", "industry.wind.buyers=3",
                       "--vary", "regime.truce.approval_prob=0.1,0.2", "--save-paths"]


# --- tables against chokepoint summary ------------------------------------------------

def summary_csv(*args):
    out = subprocess.run([binary(), "summary", *args, "--csv"], capture_output=True, text=True, check=True).stdout
    lines = [line for line in out.splitlines() if line and not line.startswith("#")]
    header = lines[0].split(",")
    return [dict(zip(header, line.split(","))) for line in lines[1:]]


def test_headline_and_paired_change_match_summary(files):
    res = chokepoint.open_results(files["sweep"])
    rows = [r for r in summary_csv(files["sweep"]) if r.get("point", "0") == "0"]
    table = chokepoint.headline(res, point=0)
    for row in rows:
        got = table.loc[row["industry"]]
        assert got["mean"] == pytest.approx(float(row["lost_output_mean"]), rel=1e-8, abs=1e-15)
        assert got["P95"] == pytest.approx(float(row["lost_output_p95"]), rel=1e-8, abs=1e-15)
        assert got["CVaR95"] == pytest.approx(float(row["lost_output_cvar95"]), rel=1e-8, abs=1e-15)
    diff = chokepoint.paired_change(res, 0, 5)
    rows = summary_csv(files["sweep"], "--diff", "0", "5")
    assert len(rows) == len(diff)
    for row in rows:   # summary prints 9 significant digits
        got = diff.loc[row["industry"]]
        for col, key in (("change", "lost_output_change"), ("stderr paired", "lost_output_change_stderr_paired"),
                         ("P(short) change", "prob_any_shortage_change"),
                         ("P(short) stderr paired", "prob_any_shortage_change_stderr_paired")):
            assert got[col] == pytest.approx(float(key in row and row[key]), rel=1e-8, abs=1e-12), (row, col)


# --- figures ------------------------------------------------------------------------

FIGURES = {
    "fan_chart": lambda res, ax: plot.fan_chart(res, "wind", ax=ax),
    "exceedance": lambda res, ax: plot.exceedance(res, ax=ax),
    "first_shortage": lambda res, ax: plot.first_shortage(res, ax=ax),
    "joint_correlation": lambda res, ax: plot.joint_correlation(res, ax=ax),
    "joint_count": lambda res, ax: plot.joint_count(res, ax=ax),
    "regime_occupancy": lambda res, ax: plot.regime_occupancy(res, ax=ax),
    "unmet_tonnes": lambda res, ax: plot.unmet_tonnes(res, ax=ax),
}
SWEEP_FIGURES = {
    "sweep_response": lambda res, ax: plot.sweep_response(res, "p95_lost_output", ax=ax),
    "sweep_response_key": lambda res, ax: plot.sweep_response(
        res, "prob_any", key="industry.automotive_other.inventory_days", ax=ax),
    "sweep_heatmap": lambda res, ax: plot.sweep_heatmap(res, "mean_lost_output"),
}


def drawn(ax):
    return len(ax.lines) + len(ax.patches) + len(ax.images) + len(ax.collections)


def industry_of(res):
    return "wind" if "wind" in [str(v) for v in res["industry"].values] else str(res["industry"].values[0])


@pytest.mark.parametrize("with_ax", [False, True])
@pytest.mark.parametrize("which", ["single", "sweep", "nodate"])
@pytest.mark.parametrize("name", list(FIGURES) + list(SWEEP_FIGURES))
def test_each_figure_draws(files, which, name, with_ax):
    res = chokepoint.open_results(files[which])
    figure = {**FIGURES, **SWEEP_FIGURES}[name]
    if name == "fan_chart":
        figure = lambda res, ax: plot.fan_chart(res, industry_of(res), ax=ax)  # noqa: E731
    if name in SWEEP_FIGURES and which != "sweep":
        with pytest.raises(plot.LayoutError):
            figure(res, None)
        return
    if name == "sweep_heatmap" and with_ax:
        pytest.skip("the heatmap has one panel per industry: no single-Axes form")
    own = None
    if with_ax:
        _, own = plt.subplots()
    fig = figure(res, own)
    assert isinstance(fig, matplotlib.figure.Figure)
    if with_ax:
        assert fig is own.figure and drawn(own) > 0
        assert fig._suptitle is None, "a given Axes gets no title of its own"
    else:
        assert "scenario:" in fig._suptitle.get_text()
        assert sum(drawn(a) for a in fig.axes) > 0
    fig.canvas.draw()
    plt.close("all")


def test_time_axis_in_dates_only_with_start_date(files):
    for which, dated in (("single", True), ("nodate", False)):
        res = chokepoint.open_results(files[which])
        fig = plot.first_shortage(res)
        ax = fig.axes[0]
        assert ("date (day 0 =" in ax.get_xlabel()) == dated, ax.get_xlabel()
        plt.close(fig)


# --- remedies and designs, on files written here in the documented layout ----------------

def add_scale(f, name, values):
    data = np.array(values, dtype=h5py.string_dtype()) if isinstance(values[0], str) else np.asarray(values)
    ds = f.create_dataset(name, data=data)
    ds.make_scale(name)
    ds.attrs["units"], ds.attrs["description"] = "1", f"{name} ids"
    return ds


def add(f, name, data, dims, units="1"):
    ds = f.create_dataset(name, data=data)
    for k, d in enumerate(dims):
        ds.dims[k].attach_scale(f[d])
    ds.attrs["units"], ds.attrs["description"] = units, name
    return ds


@pytest.fixture(scope="session")
def remedies(files, tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "remedies.h5"
    shutil.copyfile(files["single"], path)
    rng = np.random.default_rng(1)
    with h5py.File(path, "r+") as f:
        P, K, I, Q = len(f["point"]), len(f["interval"]), len(f["industry"]), len(f["quantile"])
        add_scale(f, "stockpile", ["eu_dysprosium", "us_samarium"])
        held = np.array([np.linspace(150, 20, K), np.linspace(80, 60, K)])[None]
        add(f, "stockpiles/remaining", held, ("point", "stockpile", "interval"), "t")
        add(f, "stockpiles/prob_empty", np.clip(np.linspace(0, 0.4, K) * np.ones((P, 2, K)), 0, 1),
            ("point", "stockpile", "interval"))
        add(f, "stockpiles/remaining_quantiles", np.sort(rng.uniform(0, 100, (P, 2, Q)), axis=2),
            ("point", "stockpile", "quantile"), "t")
        add(f, "stockpiles/released", rng.uniform(0, 50, (P, 2, I)), ("point", "stockpile", "industry"), "t")
    return path


@pytest.fixture(scope="session")
def design(files, tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "design.h5"
    shutil.copyfile(files["single"], path)
    factors = ["regime.truce.approval_prob", "industry.wind.inventory_days", "material.dysprosium.alt_capacity"]
    outputs = ["lost_output/mean", "lost_output/prob_any"]
    with h5py.File(path, "r+") as f:
        I = len(f["industry"])
        add_scale(f, "factor", factors)
        add_scale(f, "output", outputs)
        shape = (2, I, 3)
        base = np.full(shape, 0.05)
        dims = ("output", "industry", "factor")
        add(f, "sensitivity/base", base, dims)
        add(f, "sensitivity/low", base - np.array([0.01, 0.03, 0.002]), dims)
        add(f, "sensitivity/high", base + np.array([0.02, 0.01, 0.001]), dims)
        add(f, "sensitivity/swing_stderr", np.full(shape, 0.001), dims)
        add(f, "sensitivity/S1", np.broadcast_to([0.5, 0.3, 0.05], shape).copy(), dims)
        add(f, "sensitivity/ST", np.broadcast_to([0.6, 0.35, 0.1], shape).copy(), dims)
        add(f, "sensitivity/S1_conf", np.full(shape, 0.04), dims)
        add(f, "sensitivity/ST_conf", np.full(shape, 0.05), dims)
        add(f, "sensitivity/mu_star", np.broadcast_to([0.02, 0.01, 0.004], shape).copy(), dims)
        add(f, "sensitivity/sigma", np.broadcast_to([0.01, 0.012, 0.001], shape).copy(), dims)
        add(f, "sensitivity/mu_star_conf", np.full(shape, 0.002), dims)
    return path


@pytest.mark.parametrize("tree", TREE_MODES)
def test_new_groups_appear_with_their_coordinates(remedies, design, tree):
    res = chokepoint.open_results(remedies, tree=tree)
    assert list(res["stockpiles/remaining"]["stockpile"].values) == ["eu_dysprosium", "us_samarium"]
    assert res["stockpiles/released"].dims == ("point", "stockpile", "industry")
    assert "date" in res["stockpiles/remaining"].coords
    res = chokepoint.open_results(design, tree=tree)
    s1 = res["sensitivity/S1"]
    assert list(s1["output"].values) == ["lost_output/mean", "lost_output/prob_any"]
    assert s1.sel(factor="industry.wind.inventory_days", output="lost_output/mean", industry="wind").item() == 0.3


@pytest.mark.parametrize("with_ax", [False, True])
def test_remedy_and_design_figures(remedies, design, with_ax):
    res = chokepoint.open_results(remedies)
    ax = plt.subplots()[1] if with_ax else None
    fig = plot.stockpile_drawdown(res, "us_samarium", ax=ax)
    main = ax or fig.axes[0]
    np.testing.assert_allclose(main.lines[0].get_ydata(), np.linspace(80, 60, len(res["interval"])))
    if not with_ax:
        assert "P(empty)" in fig.axes[1].get_ylabel()
    ax = plt.subplots()[1] if with_ax else None
    fig = plot.released_tonnes(res, ax=ax)
    main = ax or fig.axes[0]
    widths = np.array([p.get_width() for p in main.patches]).reshape(2, -1)
    np.testing.assert_allclose(widths, res["stockpiles/released"].values[0])

    res = chokepoint.open_results(design)
    ax = plt.subplots()[1] if with_ax else None
    fig = plot.tornado(res, "lost_output/mean", "wind", ax=ax)
    main = ax or fig.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in main.get_yticklabels()]
    assert labels[0].startswith("initial stock"), labels   # swing 0.04 first, then 0.03, then 0.003
    assert labels[1].startswith("approval probability"), labels
    ax = plt.subplots()[1] if with_ax else None
    fig = plot.sobol_indices(res, "lost_output/prob_any", "medical", ax=ax)
    main = ax or fig.axes[0]
    widths = sorted(round(p.get_width(), 9) for p in main.patches)
    assert widths == sorted([0.5, 0.3, 0.05, 0.6, 0.35, 0.1])
    ax = plt.subplots()[1] if with_ax else None
    fig = plot.morris(res, ax=ax)
    main = ax or fig.axes[0]
    points = [tuple(np.round(c.get_children()[0].get_xydata()[0], 9))
              for c in main.containers]
    assert sorted(points) == sorted([(0.02, 0.01), (0.01, 0.012), (0.004, 0.001)])
    plt.close("all")


def test_plot_tool_writes_the_new_figures(remedies, design, tmp_path):
    for path, stems in ((remedies, ["stockpile_eu_dysprosium", "stockpile_us_samarium", "stockpile_released"]),
                        (design, ["design_oat_lost_output_mean", "design_sobol_lost_output_prob_any",
                                  "design_morris_lost_output_mean"])):
        out = tmp_path / os.path.basename(str(path))
        run = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "chokepoint-plot"), str(path), "-o", str(out)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        for stem in stems:
            assert (out / f"{stem}.png").stat().st_size > 5000, stem
        assert (out / "exceedance.png").exists()


# --- report ---------------------------------------------------------------------------

def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("headless Chromium is needed to check the report (Debian: apt install chromium; "
                "tools/bootstrap installs it)")


PROBE = """<script>
window.addEventListener("load", function () {
  var imgs = Array.prototype.slice.call(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  document.body.setAttribute("data-probe", ok + "/" + imgs.length + "/" + document.title + "/" +
                             document.querySelectorAll("table.headline tbody tr").length);
});
</script></body>"""


@pytest.mark.parametrize("which", ["sweep", "single"])
def test_report_renders_in_headless_chromium(files, which, tmp_path):
    browser = chromium()
    res = chokepoint.open_results(files[which])
    page = tmp_path / f"{which}.html"
    chokepoint.report(res, page)
    html = page.read_text()
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html, "no network"
    probe = tmp_path / f"{which}_probe.html"
    probe.write_text(html.replace("</body>", PROBE))
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([browser, *flags, "--virtual-time-budget=10000", "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=180).stdout
    m = re.search(r'data-probe="(\d+)/(\d+)/([^/"]*)/(\d+)"', dom)
    assert m, f"the page did not load: {dom[:500]}"
    loaded, images, title, rows = int(m.group(1)), int(m.group(2)), m.group(3), int(m.group(4))
    n_industries = len(res["industry"])
    assert images >= n_industries + 2 + (3 if which == "sweep" else 0)
    assert loaded == images, f"{loaded} of {images} images loaded"
    assert "chokepoint report" in title and "Rare-earth" in title
    assert rows == n_industries
    shot = tmp_path / f"{which}_report.png"
    subprocess.run([browser, *flags, "--window-size=1200,2400", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=180)
    assert shot.stat().st_size > 20000
    keep = os.environ.get("CHOKEPOINT_TEST_ARTIFACTS")
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(shot, keep)
        shutil.copy(page, keep)
    if which == "sweep":
        assert "Paired changes from point 0" in html and html.count('<table class="diff">') == 5


def test_report_tool(files, tmp_path):
    tool = os.path.join(ROOT, "tools", "chokepoint-report")
    out = tmp_path / "r.html"
    run = subprocess.run([sys.executable, tool, files["single"], "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")
    bad = tmp_path / "bad.h5"
    bad.write_text("x")
    run = subprocess.run([sys.executable, tool, str(bad)], capture_output=True, text=True)
    assert run.returncode == 2 and "not an HDF5 file" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "bad.html").exists()


# --- notebook and README --------------------------------------------------------------

def test_notebook_executes(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat", reason="nbformat not installed (Debian: python3-nbformat)")
    nbclient = pytest.importorskip("nbclient", reason="nbclient not installed (Debian: python3-nbclient)")
    monkeypatch.setenv("CHOKEPOINT_BIN", binary())
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    notebook = nbformat.read(os.path.join(ROOT, "docs", "notebooks", "first-look.ipynb"), as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": os.path.join(ROOT, "docs", "notebooks")}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the notebook draws a figure"
    assert any("text/html" in o.get("data", {}) for o in outputs), "the notebook shows a table"


def test_readme_notebook_lines(files, tmp_path):
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    block = re.search(r"In a notebook.*?```python\n(.*?)```", readme, re.S)
    assert block, "README: no notebook lines after the Quick start"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 3, lines
    # A fresh checkout after the Quick start's first command: python/ and results/rare_earths_2026.h5.
    os.symlink(os.path.join(ROOT, "python"), tmp_path / "python")
    os.makedirs(tmp_path / "results")
    shutil.copyfile(files["single"], tmp_path / "results" / "rare_earths_2026.h5")
    script = "import matplotlib\nmatplotlib.use('Agg')\n" + "\n".join(lines) + "\n"
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
