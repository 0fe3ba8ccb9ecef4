"""Running the chokepoint binary from Python."""
import os
import re
import shutil
import subprocess
import sys

from .results import open_results

_PROGRESS = re.compile(r"chokepoint: progress: (?:point (\d+)/(\d+), )?([\d,]+) / ([\d,]+) paths")
_WROTE = re.compile(r"chokepoint: wrote (.+) \([\d,]+ paths in ")


class ChokepointError(RuntimeError):
    """chokepoint exited with an error: `returncode` (2 bad input, 1 runtime failure),
    `message` (its error lines), `command` (the arguments)."""

    def __init__(self, message, returncode, command):
        super().__init__(f"chokepoint exited with code {returncode}: {message}")
        self.message, self.returncode, self.command = message, returncode, command


def find_binary(binary=None):
    """The chokepoint binary: `binary`, else $CHOKEPOINT_BIN, else `chokepoint` on PATH, else
    build/chokepoint of this repository (or of the current directory)."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [("argument", binary), ("CHOKEPOINT_BIN", os.environ.get("CHOKEPOINT_BIN")),
                  ("PATH", shutil.which("chokepoint")),
                  ("repository", os.path.join(here, "..", "..", "build", "chokepoint")),
                  ("current directory", os.path.join(os.getcwd(), "build", "chokepoint"))]
    for where, path in candidates:
        if not path:
            continue
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
        if where in ("argument", "CHOKEPOINT_BIN"):
            raise FileNotFoundError(f"chokepoint binary {path!r} (from the {where}) is not an executable file")
    raise FileNotFoundError("no chokepoint binary: pass binary=..., set CHOKEPOINT_BIN, put chokepoint on PATH "
                            "or build it into build/ (tools/bootstrap)")


def _pairs(option, values):
    """--set/--vary arguments from a dict {key: value} or a list of 'KEY=VALUE' strings."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if isinstance(values, dict):
        values = [f"{k}={_value_text(v)}" for k, v in values.items()]
    out = []
    for v in values:
        out += [option, str(v)]
    return out


def _value_text(value):
    """A --set/--vary value: sequences become V1,V2,...; bools true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_value_text(v) for v in value)
    if isinstance(value, range):
        return ",".join(str(v) for v in value)
    return str(value)


def command(scenario=None, *, paths=None, seed=None, set=None, vary=None, backend=None, threads=None,
            device=None, output=None, save_paths=False, memory_budget=None, design=None, factor=None,
            precision=None, extra_args=(), binary=None):
    """The argument list of `chokepoint run` for these options (see `run`)."""
    args = [find_binary(binary), "run"]
    if scenario is not None:
        args.append(os.fspath(scenario))
    for option, value in (("-o", output), ("-n", paths), ("--seed", seed), ("--backend", backend),
                          ("--threads", threads), ("--device", device), ("--memory-budget", memory_budget),
                          ("--design", design)):
        if value is not None:
            args += [option, os.fspath(value) if option == "-o" else str(value)]
    args += _pairs("--set", set) + _pairs("--vary", vary)
    if isinstance(factor, dict):
        factor = [f"{k}={lo}:{hi}" for k, (lo, hi) in factor.items()]
    args += _pairs("--factor", factor)
    if isinstance(precision, dict):
        precision = [f"{k}={v}" for k, v in precision.items()]
    args += _pairs("--precision", precision)
    if save_paths:
        args.append("--save-paths")
    return args + [str(a) for a in extra_args]


def _bar(progress):
    if progress is False:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=1.0, unit="run", bar_format="{l_bar}{bar}| {elapsed}<{remaining} {postfix}")


def run(scenario=None, *, paths=None, seed=None, set=None, vary=None, backend=None, threads=None,
        output=None, device=None, save_paths=False, memory_budget=None, design=None, factor=None,
        precision=None, extra_args=(), binary=None, progress=True, cwd=None, tree=None):
    """Run `chokepoint run` and open its results file (`open_results`).

    scenario: a TOML file (default: the built-in default scenario); paths (-n), seed,
    backend ('auto', 'cpu', 'cuda'), threads, device, memory_budget ('1GB'), save_paths;
    set and vary: {key: value} or ['KEY=VALUE', ...] (a vary value may be a list
    [0.1, 0.2], or 'START:STOP:STEP'); design ('sobol:256'), factor ({key: (low, high)}),
    precision ({figure: target}); extra_args: further arguments as given; output: the
    results file (default: results/<scenario stem>.h5, as the command line).

    progress: a tqdm bar where tqdm is installed, else the binary's progress lines;
    False shows nothing.  Raises ChokepointError with chokepoint's message and exit code
    when it fails (exit 2: bad input, nothing written; 1: runtime failure)."""
    args = command(scenario, paths=paths, seed=seed, set=set, vary=vary, backend=backend, threads=threads,
                   device=device, output=output, save_paths=save_paths, memory_budget=memory_budget,
                   design=design, factor=factor, precision=precision, extra_args=extra_args, binary=binary)
    env = dict(os.environ)
    env.setdefault("CHOKEPOINT_PROGRESS_INTERVAL", "1")
    bar = _bar(progress)
    messages, wrote = [], None
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            cwd=cwd, bufsize=1, errors="replace")
    try:
        for line in proc.stdout:
            line = line.rstrip("\n")
            m = _PROGRESS.match(line)
            if m:
                k, points = int(m.group(1) or 1), int(m.group(2) or 1)
                done, total = (int(g.replace(",", "")) for g in m.group(3, 4))
                if bar is not None:
                    bar.n = ((k - 1) + done / max(total, 1)) / points
                    bar.set_postfix_str(f"point {k}/{points}" if points > 1 else f"{done:,}/{total:,} paths")
                    bar.refresh()
                elif progress:
                    print(line, file=sys.stderr, flush=True)
                continue
            w = _WROTE.match(line)
            if w:
                wrote = w.group(1)
            messages.append(line)
            if progress and bar is None:
                print(line, file=sys.stderr, flush=True)
        code = proc.wait()
    except BaseException:
        proc.terminate()   # the binary removes its temporary file on SIGTERM
        proc.wait()
        raise
    finally:
        if bar is not None:
            if proc.returncode == 0:
                bar.n = 1.0
                bar.refresh()
            bar.close()
    if code != 0:
        errors = [m for m in messages if "error" in m] or messages or [f"exit code {code}"]
        raise ChokepointError("\n".join(errors), code, args)
    path = output if output is not None else wrote
    if path is None:
        raise ChokepointError("the binary did not say which file it wrote", code, args)
    if cwd is not None and not os.path.isabs(os.fspath(path)):
        path = os.path.join(cwd, path)
    return open_results(path, tree=tree)
