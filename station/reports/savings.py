"""The savings estimate a supervisor can defend: only what the shift's own records support.

Rules (each one is a claim the old estimate made and the data could not back):

- a shift without parts claims nothing (no labour freed, no payback);
- labour is counted for the hours in which the station actually inspected parts;
- the false-reject rate comes from QA's decisions, printed with its sample size
  and a 95 % Wilson interval; below ``MIN_REVIEWED`` decisions it is not
  extrapolated to the unreviewed parts and no savings figure is given;
- reviewed parts count as they were decided; only pending NG parts are
  estimated, and the figure used is the conservative end of the interval;
- the station's own misses (QA's confirmed escapes) are deducted when recorded,
  otherwise the report says they are unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from station.core.config import RoiSettings

MIN_REVIEWED = 30  # fewer QA decisions than this: no false-reject rate is applied to other parts
Z95 = 1.959964  # two-sided 95 % normal quantile


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a binomial rate; None without trials.

    Wilson rather than the normal approximation because shift samples are small
    and rates near 0 are common: the interval stays inside [0, 1] and is not
    zero-width at 0 of n.
    """
    if trials <= 0:
        return None
    p = successes / trials
    z2 = z * z
    denominator = 1.0 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Roi:
    """The savings estimate, every input it used, and why a figure is missing when it is.

    ``per_shift`` is the conservative figure (0.0 when nothing can be claimed, see
    ``not_claimed``); ``per_shift_point`` uses the false-reject rate itself.
    """

    settings: RoiSettings
    parts: int
    ng: int
    active_hours: float
    confirmed: int  # QA decisions that the part was defective (confirmed or wrong type)
    false_rejects: int  # QA decisions that the part was good (rescued)
    pending: int  # NG parts nobody has decided yet
    false_reject_rate: float | None
    false_reject_interval: tuple[float, float] | None
    station_escapes: int | None  # QA's confirmed escapes of this shift; None = not recorded
    labour_saved: float
    escapes_avoided: float
    escape_cost: float | None  # station_escapes x cost of an escaped defect; None = unknown
    false_reject_cost: float
    per_shift: float
    per_shift_point: float | None
    per_month: float
    payback_months: float | None
    not_claimed: str | None  # "no_parts" | "not_enough_reviews" | None
    min_reviewed: int = MIN_REVIEWED

    formula = (
        "savings per shift = inspector cost/h x inspectors freed x hours with parts"
        " + real defects caught x manual miss rate x cost of an escaped defect"
        " - station escapes (QA) x cost of an escaped defect"
        " - rescued false rejects x cost of a false reject"
        " - good parts scrapped unreviewed x value of a good part;"
        " real defects = QA-confirmed + pending NG x (1 - false-reject rate),"
        " good parts scrapped = pending NG x false-reject rate (upper 95 % bound);"
        " per month = per shift x shifts per month; payback = system cost / per month"
    )

    @property
    def reviewed(self) -> int:
        return self.confirmed + self.false_rejects


def _shift_value(
    s: RoiSettings,
    labour: float,
    confirmed: int,
    rescued: int,
    pending: int,
    rate: float,
    escape_cost: float | None,
) -> tuple[float, float, float]:
    """(savings, escapes avoided, false-reject cost) with ``rate`` applied to the pending parts only."""
    real = confirmed + pending * (1.0 - rate)
    avoided = real * s.manual_miss_rate * s.escaped_defect_cost
    false_cost = rescued * s.false_reject_cost + pending * rate * s.part_value
    return labour + avoided - (escape_cost or 0.0) - false_cost, avoided, false_cost


def estimate_roi(
    settings: RoiSettings,
    parts: int,
    ng: int,
    active_hours: float,
    confirmed: int,
    false_rejects: int,
    station_escapes: int | None = None,
    min_reviewed: int = MIN_REVIEWED,
) -> Roi:
    """The shift's savings from its own counts (see the module's rules)."""
    s = settings
    reviewed = confirmed + false_rejects
    pending = max(0, ng - reviewed)
    rate = false_rejects / reviewed if reviewed else None
    interval = wilson_interval(false_rejects, reviewed)
    escape_cost = None if station_escapes is None else station_escapes * s.escaped_defect_cost
    if parts <= 0:
        return Roi(s, 0, 0, 0.0, confirmed, false_rejects, 0, rate, interval, station_escapes,
                   0.0, 0.0, escape_cost, 0.0, 0.0, None, 0.0, None, "no_parts", min_reviewed)  # fmt: skip
    labour = s.inspector_cost_per_hour * s.inspectors_replaced * active_hours
    if pending == 0:  # every NG part decided: nothing is estimated, the counts are the shift's
        value, avoided, false_cost = _shift_value(s, labour, confirmed, false_rejects, 0, 0.0, escape_cost)
        point: float | None = value
        claimed: str | None = None
    elif reviewed < min_reviewed or interval is None or rate is None:
        value, avoided, false_cost, point, claimed = 0.0, 0.0, 0.0, None, "not_enough_reviews"
    else:
        point = _shift_value(s, labour, confirmed, false_rejects, pending, rate, escape_cost)[0]
        # Conservative: the upper bound of the false-reject rate both shrinks the defects caught and
        # grows the good parts scrapped, so the figure claimed is the low end of the range.
        value, avoided, false_cost = _shift_value(
            s, labour, confirmed, false_rejects, pending, interval[1], escape_cost
        )
        claimed = None
    per_month = value * s.shifts_per_month
    payback = s.system_cost / per_month if per_month > 0 else None
    return Roi(
        s, parts, ng, active_hours, confirmed, false_rejects, pending, rate, interval, station_escapes,
        labour, avoided, escape_cost, false_cost, value, point, per_month, payback, claimed, min_reviewed,
    )  # fmt: skip
