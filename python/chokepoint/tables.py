"""Tables of a results file as pandas DataFrames: the headline figures and paired changes."""
import numpy as np
import pandas as pd

from .results import text


def _industries(results):
    return [text(v) for v in results["industry"].values]


def _level(results, q):
    levels = np.asarray(results["quantile"].values, dtype=float)
    k = int(np.argmin(np.abs(levels - q)))
    return k, float(levels[k])


def headline(results, point=0):
    """Per industry: mean lost output with its standard error, P95 and CVaR95 (the stored
    quantile level nearest to 0.95), P(short) with its binomial standard error and the mean
    number of shortage days; lost output as a fraction of a year's planned output."""
    names = _industries(results)
    k, level = _level(results, 0.95)
    n = float(results.attrs.get("paths", 1))
    lo = lambda name: np.asarray(results[f"lost_output/{name}"].values)[point]  # noqa: E731
    prob = lo("prob_any")
    table = pd.DataFrame({
        "mean": lo("mean"),
        "stderr": lo("stderr"),
        f"P{level * 100:g}": lo("quantiles")[:, k],
        f"CVaR{level * 100:g}": lo("cvar")[:, k],
        "P(short)": prob,
        "P(short) stderr": np.sqrt(prob * (1 - prob) / max(n, 1)),
    }, index=pd.Index(names, name="industry"))
    try:
        table["shortage days"] = np.asarray(results["shortage_days/mean"].values)[point]
    except KeyError:
        pass
    return table


def paired_change(results, a, b):
    """Change of mean lost output and P(short) from point `a` to point `b` per industry, with
    standard errors from the paired paths (common random numbers), as `chokepoint summary
    --diff A B`: sqrt((var_a + var_b - 2 cov_ab) / N) and, for P(short),
    sqrt((p_a + p_b - 2 p_ab - (p_b - p_a)^2) / (N - 1)).  Without paired/ moments in the
    file the paired columns are NaN and only the unpaired error is given."""
    names = _industries(results)
    n = int(results.attrs.get("paths", 1))
    points = len(results["point"].values)
    for p in (a, b):
        if not 0 <= p < points:
            raise ValueError(f"point {p} out of range: the file has {points} point(s)")
    get = lambda name: np.asarray(results[name].values)  # noqa: E731
    mean, sd, se = get("lost_output/mean"), get("lost_output/std"), get("lost_output/stderr")
    prob = get("lost_output/prob_any")
    try:
        cov = get("paired/lost_output_cov")[a, b]
        both = get("paired/prob_short_both")[a, b]
    except KeyError:
        cov = both = np.full(len(names), np.nan)
    paired = np.sqrt(np.maximum(0.0, sd[a] ** 2 + sd[b] ** 2 - 2 * cov) / n)
    d = prob[b] - prob[a]
    pvar = np.maximum(0.0, prob[a] + prob[b] - 2 * both - d * d)
    return pd.DataFrame({
        "mean A": mean[a], "mean B": mean[b], "change": mean[b] - mean[a],
        "stderr paired": paired, "stderr unpaired": np.sqrt(se[a] ** 2 + se[b] ** 2),
        "P(short) A": prob[a], "P(short) B": prob[b], "P(short) change": d,
        "P(short) stderr paired": np.sqrt(pvar / (n - 1)) if n > 1 else np.nan,
    }, index=pd.Index(names, name="industry"))
