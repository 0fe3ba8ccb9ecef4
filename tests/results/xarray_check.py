#!/usr/bin/python3
"""Checks that xarray's h5netcdf engine sees the named dimensions of a results file.

usage: xarray_check.py FILE [--expect GROUP/VARIABLE=DIM,DIM ...] [--coords NAME,NAME]

For the root and for every group of FILE it opens the group with
xarray.open_dataset(FILE, engine="h5netcdf", group=...) and checks that

* every axis of every variable has a named dimension (no phony_dim_*),
* every dimension is a coordinate of the root (or of the group itself) with
  the same length, and string coordinates come back as str,
* the data can be loaded, and string attributes come back as str, not bytes,
* the coordinate values of the root can be put on the group's view with
  ds.assign_coords(...) -- xarray shows a group's dimensions but not the
  coordinate values that live in the root.

--expect checks the dimensions of one variable ("regime_occupancy=point,regime"
for a root variable); --coords lists coordinates the root must have.
Exit status 0 when everything holds, 1 with the reasons on stderr otherwise.
"""
import argparse
import sys

import h5py
import xarray


def open_group(path, group):
    if group:
        return xarray.open_dataset(path, engine="h5netcdf", group=group)
    return xarray.open_dataset(path, engine="h5netcdf")


def check_strings(label, values, problems):
    for value in values.ravel():
        if not isinstance(value, str):
            problems.append(f"{label}: {value!r} is {type(value).__name__}, not str")
            return


def check_group(path, group, root, problems):
    label = group or "/"
    ds = open_group(path, group)
    coords = dict(root.coords)
    coords.update(ds.coords)
    for name, var in ds.variables.items():
        for dim, size in zip(var.dims, var.shape):
            where = f"{label}: {name}: dimension {dim!r}"
            if dim.startswith("phony_dim"):
                problems.append(f"{where} has no dimension scale")
            elif dim not in coords:
                problems.append(f"{where} is not a coordinate of the root or the group")
            elif coords[dim].size != size:
                problems.append(f"{where} has length {size}, its coordinate {coords[dim].size}")
    for name, coord in ds.coords.items():
        if coord.dtype == object:
            check_strings(f"{label}: coordinate {name}", coord.values, problems)
    for name, value in list(ds.attrs.items()) + [
        (f"{v}.{k}", a) for v in ds.variables for k, a in ds[v].attrs.items()
    ]:
        if isinstance(value, bytes):
            problems.append(f"{label}: attribute {name} is bytes, not str")
    ds.load()
    # The recipe for readers: the root's coordinate values on a group's view.
    labelled = ds.assign_coords({d: root[d] for d in ds.dims if d in root.coords})
    for dim in labelled.dims:
        if dim not in labelled.coords:
            problems.append(f"{label}: dimension {dim!r} still has no coordinate values")
    return ds


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--expect", action="append", default=[], metavar="VAR=DIMS")
    parser.add_argument("--coords", default="", metavar="NAMES")
    args = parser.parse_args(argv)

    problems = []
    try:
        root = open_group(args.file, None)
    except Exception as error:  # noqa: BLE001 -- any failure to open is the finding
        print(f"/: xarray cannot open the root: {error}", file=sys.stderr)
        return 1
    for dim in root.dims:
        if dim not in root.coords:
            problems.append(f"/: dimension {dim!r} has no coordinate values")
    for name in filter(None, args.coords.split(",")):
        if name not in root.coords:
            problems.append(f"/: no coordinate {name!r} (has {sorted(root.coords)})")

    with h5py.File(args.file, "r") as f:
        groups = []
        f.visititems(lambda n, o: groups.append(n) if isinstance(o, h5py.Group) else None)
    views = {}
    for group in [""] + groups:
        try:
            views[group] = check_group(args.file, group or None, root, problems)
        except Exception as error:  # noqa: BLE001
            problems.append(f"{group or '/'}: xarray cannot open the group: {error}")

    for spec in args.expect:
        name, _, dims = spec.partition("=")
        group, _, var = name.rpartition("/")
        want = tuple(filter(None, dims.split(",")))
        ds = views.get(group)
        if ds is None or var not in ds.variables:
            problems.append(f"{name}: not found by xarray")
        elif ds[var].dims != want:
            problems.append(f"{name}: dimensions {ds[var].dims}, expected {want}")

    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"xarray sees the dimensions of {len(views)} groups of {args.file}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
