"""Reading a chokepoint results file (HDF5, format "chokepoint-results" 1.x) with xarray.

`open_results(path)` gives every group of the file as an xarray Dataset whose
dimensions carry their coordinate values (the file stores them once, as
dimension scales at the root), with `units` and `description` as attrs:

- `industry`, `material`, `regime`, `quantile`, `interval` (first day of each
  report interval), `point`, and any other root dimension scale (`stockpile`,
  `factor`, `output`, `target`, ...) wherever a dataset uses that dimension;
- `date` along `interval` (day 0 = the scenario's `start_date`) when the
  scenario has one;
- each swept key's value per point (`sweep/<key>`) as a coordinate of `point`
  named by the key, in every group but `sweep/` itself.

Nothing but the coordinates is read on opening: data variables are read when
used (`.values`, `.load()`, plotting), so a file with `--save-paths` opens as
quickly as one without.  The `path` dimension has no coordinate variable: path
ids are 0 ... N-1, the position along the axis, and reading them would read N
values.
"""
import datetime
import os
import re
import weakref

import h5py
import numpy as np
import xarray as xr

FORMAT = "chokepoint-results"
MAJOR = 1

#: xarray's DataTree (xarray 2024.10 and later), None where the installed xarray lacks it.
DataTree = getattr(xr, "DataTree", None)

_OPEN = dict(engine="h5netcdf", mask_and_scale=False, decode_times=False, decode_timedelta=False,
             decode_coords=False, phony_dims="access")


def text(value):
    """An HDF5 attribute or string element as str."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(-1)[0]
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8", "replace")
    return str(value)


def check_file(path):
    """Raise ValueError unless `path` is a chokepoint results file of a known major version."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    if os.path.isdir(path):
        raise ValueError(f"{path}: is a directory, not a chokepoint results file")
    if not h5py.is_hdf5(path):
        raise ValueError(f"{path}: not a chokepoint results file (not an HDF5 file)")
    with h5py.File(path, "r") as f:
        fmt, version = f.attrs.get("format"), f.attrs.get("format_version")
    fmt = None if fmt is None else text(fmt)
    version = None if version is None else text(version)
    if fmt != FORMAT:
        found = "no root attribute 'format'" if fmt is None else f"root attribute format = {fmt!r}"
        raise ValueError(f"{path}: not a chokepoint results file ({found}, expected {FORMAT!r})")
    major = re.match(r"\s*(\d+)\.\d+\s*$", version or "")
    if not major or int(major.group(1)) != MAJOR:
        raise ValueError(f"{path}: unsupported format_version {version!r} (this package reads {MAJOR}.x)")
    return version


def _groups(path):
    """Every group of the file that holds a dataset, as '' (root) or 'a/b', in file order."""
    names = [""]
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Group) and any(isinstance(v, h5py.Dataset) for v in obj.values()):
                names.append(name)
        f.visititems(visit)
    return names


def _strings(da):
    values = da.values
    if values.dtype.kind in "SO":
        return da.copy(data=np.array([text(v) for v in values.reshape(-1)], dtype=object).reshape(values.shape))
    return da


def _open_group(path, group):
    kw = dict(_OPEN)
    if group:
        kw["group"] = group
    ds = xr.open_dataset(path, drop_variables=["path"], **kw)
    # Decode byte strings to str (coordinates and small string datasets such as sweep/<key>).
    for name, var in ds.variables.items():
        if var.dtype.kind == "S" and (name in ds.coords or var.size <= 100_000):
            ds[name] = _strings(ds[name]) if name not in ds.dims else ds[name]
    return ds


def _root_extras(root):
    """Coordinates derived from the root: dates of the intervals, swept values per point."""
    extras = {}
    start = root.attrs.get("start_date")
    if start is not None and "interval" in root.variables:
        try:
            day0 = np.datetime64(datetime.date.fromisoformat(text(start)[:10]), "ns")
        except ValueError:
            day0 = None
        if day0 is not None:
            days = np.asarray(root["interval"].values, dtype="int64")
            extras["date"] = xr.Variable(("interval",), day0 + days.astype("timedelta64[D]"),
                                         {"description": "date of the first day of each report interval "
                                          f"(day 0 = start_date {text(start)})"})
    return extras


def _sweep_coords(path, groups):
    """{key: Variable over point} of the swept values, in sweep order."""
    if "sweep" not in groups:
        return {}
    ds = _open_group(path, "sweep")
    keys = [k for k in text(ds.attrs.get("sweep_keys", "")).split(",") if k]
    out = {}
    for name in ds.data_vars:
        var = ds[name].variable
        if var.dims == ("point",):
            values = var.values
            if values.dtype.kind in "SO":
                values = np.array([text(v) for v in values], dtype=object)
            out[name] = xr.Variable(("point",), values, dict(var.attrs))
    ds.close()
    return dict(sorted(out.items(), key=lambda kv: keys.index(kv[0]) if kv[0] in keys else len(keys)))


def _datasets(path):
    """{group: Dataset} with coordinates attached (root: '/')."""
    groups = _groups(path)
    root = _open_group(path, "")
    coords = {name: root[name].variable for name in root.variables if root[name].dims == (name,)}
    for name in root.coords:
        coords.setdefault(name, root[name].variable)
    extras = _root_extras(root)
    swept = _sweep_coords(path, groups)
    root = root.assign_coords(extras).assign_coords({k: v for k, v in swept.items() if k not in root.variables})
    out = {"/": root}
    for group in groups[1:]:
        ds = _open_group(path, group)
        add = {d: coords[d] for d in ds.dims if d not in ds.variables and d in coords}
        if "interval" in ds.dims and "date" in extras and "date" not in ds.variables:
            add["date"] = extras["date"]
        if "point" in ds.dims and group != "sweep":
            add.update({k: v for k, v in swept.items() if k not in ds.variables})
        out["/" + group] = ds.assign_coords(add)
    return out


class Results:
    """The groups of a results file as xarray Datasets, for an xarray without DataTree.

    Used like a DataTree: `res["lost_output"]` is that group's Dataset,
    `res["lost_output/mean"]` a DataArray with its coordinates, `res.attrs` the root
    attributes, `res.groups` the group paths ('/', '/lost_output', ...),
    `res.children` the top-level groups, `res.to_dataset()` the root; `in`,
    iteration over the top-level names and `with` work as on a DataTree.
    """

    def __init__(self, path, datasets):
        self.path = path
        self._ds = datasets

    # --- DataTree-like access -------------------------------------------------
    def __getitem__(self, key):
        key = "/" + key.strip("/")
        if key in self._ds:
            return self._ds[key]
        group, _, name = key.rpartition("/")
        ds = self._ds.get(group or "/")
        if ds is None or name not in ds.variables:
            raise KeyError(f"{key.lstrip('/')}: no such group or dataset in {self.path}")
        return ds[name]

    def __contains__(self, key):
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self):
        return iter(self.children)

    def __len__(self):
        return len(self.children)

    @property
    def attrs(self):
        return self._ds["/"].attrs

    @property
    def groups(self):
        return tuple(self._ds)

    @property
    def children(self):
        top = {}
        for key, ds in self._ds.items():
            parts = key.strip("/").split("/")
            if parts != [""]:
                top.setdefault(parts[0], self._ds.get("/" + parts[0], ds))
        return top

    def to_dataset(self):
        return self._ds["/"]

    @property
    def ds(self):
        return self._ds["/"]

    def to_dict(self):
        return dict(self._ds)

    def close(self):
        for ds in self._ds.values():
            ds.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        lines = [f"<chokepoint.Results {self.path}: {self.attrs.get('scenario_name', '?')}>"]
        for key, ds in self._ds.items():
            items = ", ".join(f"{n}{list(v.dims)}" for n, v in ds.data_vars.items())
            lines.append(f"  {key}: {items}" if items else f"  {key}")
        return "\n".join(lines)


def _tree(path, datasets):
    """A DataTree of the groups.  Children inherit their parents' index coordinates
    (industry, point, ...); the others (date, swept values) stay on each node that uses them."""
    root = datasets["/"]
    nodes = {"/": root}
    for key, ds in datasets.items():
        if key != "/":
            inherited = [c for c in ds.coords if c in root.indexes and c not in ds.data_vars
                         and ds[c].equals(root[c])]
            nodes[key] = ds.drop_vars(inherited)
    return DataTree.from_dict(nodes)


_SOURCES = {}   # id of an open DataTree -> its file (dropped when the tree is)


def open_results(path, *, tree=None):
    """Open a results file: a DataTree (xarray with DataTree), else a `Results` object.

    `tree=False` gives a `Results` object even where DataTree exists; `tree=True`
    requires DataTree.  Raises ValueError for a file that is not a chokepoint results
    file or of an unknown major format version, FileNotFoundError for a missing file.
    """
    path = os.fspath(path)
    check_file(path)
    datasets = _datasets(path)
    if tree is None:
        tree = DataTree is not None
    if tree and DataTree is None:
        raise RuntimeError(f"xarray {xr.__version__} has no DataTree (xarray 2024.10 or later has)")
    if not tree:
        return Results(path, datasets)
    result = _tree(path, datasets)
    _SOURCES[id(result)] = path
    weakref.finalize(result, _SOURCES.pop, id(result), None)
    return result


def source(results):
    """The file a results object was opened from."""
    if isinstance(results, Results):
        return results.path
    if id(results) in _SOURCES:
        return _SOURCES[id(results)]
    encoding = getattr(results, "encoding", None) or {}
    return encoding.get("source", "results")
