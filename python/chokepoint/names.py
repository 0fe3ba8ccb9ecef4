"""Readable names of parameter addresses (the keys of --set, --vary and designs).

describe("regime.expanded.approval_prob") -> ("approval probability, regime expanded", None)
"""

# ---------------------------------------------------------------------------
# Readable names of parameter addresses (the keys of --set and sweeps)
# ---------------------------------------------------------------------------
# Each entry: key -> (name, unit or None).  A distribution field (review_days.max)
# adds "(maximum)"; per-id qualifiers ("regime truce", "material samarium") follow
# the name.  describe() falls back to the address's words for anything else.

REGIME_KEYS = {
    "approval_prob": ("approval probability", None),
    "licence": ("licence", None),
    "review_days": ("licence review time", "days"),
    "general_licences": ("general licences honoured", None),
    "inspection_prob": ("customs inspection probability", None),
    "inspection_days": ("customs inspection hold", "days"),
    "mean_duration_days": ("mean duration", "days"),
}
INDUSTRY_KEYS = {
    "buyers": ("buyers", None),
    "review_days": ("ordering period", "days"),
    "transit_days": ("transit time", "days"),
    "general_licence_adoption": ("general-licence adoption share", None),
    "china_share": ("China share", None),
    "inventory_days": ("initial stock", "days of need"),
    "target_days": ("order-up-to level", "days of need"),
}
GENERAL_LICENCE_KEYS = {
    "grant_prob": ("general-licence grant probability", None),
    "review_days": ("general-licence review time", "days"),
    "validity_days": ("general-licence validity", "days"),
    "renew_before_days": ("general-licence renewal lead time", "days"),
    "retry_days": ("general-licence retry delay", "days"),
}
SIMULATION_KEYS = {
    "paths": ("paths", None),
    "horizon_days": ("horizon", "days"),
    "seed": ("seed", None),
    "initial_regime": ("initial regime", None),
    "report_interval_days": ("report interval", "days"),
    "warmup_days": ("warm-up", "days"),
}
OUTPUT_KEYS = {
    "shortage_threshold": ("shortage threshold (fraction of a day's output)", None),
    "histogram_bins": ("histogram bins", None),
    "quantiles": ("quantile levels", None),
}
EVENT_KEYS = {
    "probability": ("probability", None),
    "day": ("day", None),
    "date": ("date", None),
    "to": ("target regime", None),
    "from": ("source regimes", None),
}
SCENARIO_KEYS = {"name": ("scenario name", None), "start_date": ("start date", None)}
DIST_FIELDS = {"min": "minimum", "max": "maximum", "mode": "mode", "median": "median",
               "sigma": "sigma", "value": "value", "dist": "distribution",
               "values": "values", "weights": "weights"}
#: Per event number, a short description ("2026-11-10: truce → expanded"), set from
#: the scenario of the file being drawn so that event addresses say which event.
EVENT_TEXT = {}


def _field(table, rest):
    """(name, unit) of a key of `table` with an optional distribution field."""
    name, unit = table[rest[0]]
    if len(rest) == 1:
        return name, unit
    if len(rest) == 2 and rest[1] in DIST_FIELDS:
        return f"{name} ({DIST_FIELDS[rest[1]]})", unit
    raise KeyError(".".join(rest))


def _describe(parts):
    """(name, [qualifiers], unit) of a known address shape; KeyError/IndexError if unknown."""
    head, quals = parts[0], []
    if head == "regime" and len(parts) >= 3:
        quals.append(f"regime {parts[1]}")
        rest = parts[2:]
        if rest[0] in ("materials", "industries") and len(rest) >= 3:
            quals.append(("material " if rest[0] == "materials" else "industry ") + rest[1])
            rest = rest[2:]
            if rest[0] not in ("licence", "approval_prob", "review_days"):
                raise KeyError(rest[0])
        if rest[0] == "next" and len(rest) == 2:
            return f"transition probability to {rest[1]}", quals, None
        name, unit = _field(REGIME_KEYS, rest)
        return name, quals, unit
    if head == "industry" and len(parts) >= 3:
        quals.append(f"industry {parts[1]}")
        key, rest = parts[2], parts[3:]
        if key == "need" and len(rest) == 1:
            return f"need of {rest[0]}", quals, "t/day"
        if key in ("china_share", "inventory_days", "target_days") and len(rest) == 1:
            name, unit = INDUSTRY_KEYS[key]
            return name, quals + [f"material {rest[0]}"], unit
        name, unit = _field(INDUSTRY_KEYS, parts[2:])
        return name, quals, unit
    if head == "material" and len(parts) >= 3:
        quals.append(f"material {parts[1]}")
        rest = parts[2:]
        if rest[0] == "alt_capacity":
            if len(rest) == 1:
                return "alternative-supply capacity", quals, "× normal volume"
            if len(rest) == 3 and rest[1] == "factor":
                return f"alternative-supply capacity at ramp point {rest[2]}", quals, "× normal volume"
            if len(rest) == 3 and rest[1] == "day":
                return f"day of alternative-supply ramp point {rest[2]}", quals, None
        if rest[0] == "alt_outage" and len(rest) == 2 and rest[1] == "mean_days_between":
            return "mean time between alternative-supply outages", quals, "days"
        if rest[0] == "alt_outage" and len(rest) in (2, 3) and rest[1] == "duration_days":
            name, unit = _field({"duration_days": ("alternative-supply outage duration", "days")}, rest[1:])
            return name, quals, unit
        raise KeyError(rest[0])
    if head == "general_licence" and len(parts) >= 2:
        name, unit = _field(GENERAL_LICENCE_KEYS, parts[1:])
        return name, quals, unit
    if head == "simulation" and len(parts) >= 2:
        if parts[1] == "initial_regime" and len(parts) == 3:
            return f"initial probability of regime {parts[2]}", quals, None
        name, unit = _field(SIMULATION_KEYS, parts[1:])
        return name, quals, unit
    if head == "output" and len(parts) == 2:
        name, unit = OUTPUT_KEYS[parts[1]]
        return name, quals, unit
    if head == "scenario" and len(parts) == 2:
        name, unit = SCENARIO_KEYS[parts[1]]
        return name, quals, unit
    if head == "event" and len(parts) == 3 and parts[1].isdigit():
        name, unit = EVENT_KEYS[parts[2]]
        what = EVENT_TEXT.get(int(parts[1]))
        return f"{name} of event {parts[1]}" + (f" ({what})" if what else ""), quals, unit
    raise KeyError(head)


def describe(address):
    """(name with qualifiers, unit or None) of a parameter address.

    regime.expanded.approval_prob -> ("approval probability, regime expanded", None).
    Unknown shapes fall back to the address's words: the ids of regime/industry/
    material/event become qualifiers, the rest is spelt out with spaces."""
    parts = [p for p in address.split(".") if p]
    if not parts:
        return address, None
    try:
        name, quals, unit = _describe(parts)
    except (KeyError, IndexError):
        name, quals, unit = _generic(parts)
    return ", ".join([name] + quals), unit


def _generic(parts):
    quals, words = [], []
    kinds = {"regime": "regime", "regimes": "regime", "industry": "industry", "industries": "industry",
             "material": "material", "materials": "material", "event": "event"}
    k = 0
    while k < len(parts):
        if parts[k] in kinds and k + 1 < len(parts) and k + 1 < len(parts) - 1:
            quals.append(f"{kinds[parts[k]]} {parts[k + 1]}")
            k += 2
            continue
        words.append(parts[k].replace("_", " "))
        k += 1
    unit = "days" if parts[-1].endswith("_days") else None
    return " ".join(words) or ".".join(parts), quals, unit


def axis_text(address):
    """Axis label of a swept key: readable name with its unit in brackets."""
    name, unit = describe(address)
    return f"{name} [{unit}]" if unit else name


def setting_text(address, value):
    """'approval probability, regime truce = 0.7' (unit after the value)."""
    name, unit = describe(address)
    return f"{name} = {fmt_value(value)}" + (f" {unit}" if unit and not isinstance(value, str) else "")


def label_axis(ax, which, address, fontsize=None):
    """Readable label on the x or y axis of `ax`, the raw address below it in small type."""
    text = axis_text(address)
    if which == "x":
        label = ax.set_xlabel(text, fontsize=fontsize)
        ax.annotate(address, xy=(0.5, 0), xycoords=label, xytext=(0, -1.5), textcoords="offset points",
                    ha="center", va="top", fontsize=6.5, color="0.4", family="monospace")
    else:
        label = ax.set_ylabel(text, fontsize=fontsize)
        ax.annotate(address, xy=(0, 0.5), xycoords=label, xytext=(-1.5, 0), textcoords="offset points",
                    ha="right", va="center", rotation=90, fontsize=6.5, color="0.4", family="monospace")




def fmt_value(v):
    return v if isinstance(v, str) else f"{v:g}"
