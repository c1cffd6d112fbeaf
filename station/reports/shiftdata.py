"""Everything a shift report shows, gathered from the history in one place.

The key counts come from :meth:`HistoryStore.stats` for the same window, so the
report's numbers are, by construction, the numbers ``station history stats``
gives; the rest (Pareto, hourly NG rate, outages, changes) is read alongside.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select

from station.core.config import RoiSettings
from station.core.shifts import ShiftWindow
from station.history.reviewqueue import DecisionTimes
from station.history.schema import inspections
from station.history.store import HistoryStore, LineTotals, Stats
from station.reports.savings import Roi, estimate_roi

__all__ = ["Outage", "Roi", "ShiftReportData", "active_seconds", "estimate_roi", "gather"]

IDLE_AFTER_S = 60.0  # a pause longer than this between two parts is idle time, not production


@dataclass(frozen=True)
class Outage:
    started: dt.datetime
    ended: dt.datetime
    missed_parts: int

    @property
    def seconds(self) -> float:
        return (self.ended - self.started).total_seconds()


@dataclass
class ShiftReportData:
    plant: str
    line: str | None
    station: str | None
    window: ShiftWindow
    generated_at: dt.datetime
    stats: Stats
    not_inspected_by_cause: dict[str, int]
    recipes: dict[str, int]
    models: dict[str, str]  # role:hash -> recipe
    parts_per_s: float | None
    latency_ms_p50: float | None
    latency_ms_p95: float | None
    pareto: list[tuple[str, int]]
    hourly: list[tuple[dt.datetime, int, int]]  # hour start (UTC), inspected, NG
    qa: dict[str, int]
    false_reject_rate: float | None
    top_flagged: list[dict[str, Any]]
    outages: list[Outage]
    changes: list[dict[str, Any]]
    notes: list[dict[str, Any]] = field(default_factory=list)
    roi: Roi | None = None
    active_s: float = 0.0  # running time: the sum of gaps of at most IDLE_AFTER_S between consecutive parts
    active_parts: int = 0  # parts counted in that time (Parts/s = active_parts / active_s)
    line_io: LineTotals | None = None  # what the line interfaces did; None: no line interface was on
    decision_times: DecisionTimes | None = None  # QA's time to decision on this shift's parts

    @property
    def yield_percent(self) -> float | None:
        inspected = self.stats.ok + self.stats.ng
        return 100.0 * self.stats.ok / inspected if inspected else None

    @property
    def ng_rate_percent(self) -> float | None:
        inspected = self.stats.ok + self.stats.ng
        return 100.0 * self.stats.ng / inspected if inspected else None


def active_seconds(times: list[dt.datetime], idle_after_s: float = IDLE_AFTER_S) -> tuple[float, int]:
    """(seconds the line was running, parts in that time): gaps longer than ``idle_after_s`` between
    consecutive parts are idle time (a break, a changeover, a stopped run) and are left out, so
    ``Parts/s`` is the rate while running rather than parts over the whole shift."""
    seconds, intervals = 0.0, 0
    for before, after in itertools.pairwise(times):
        step = (after - before).total_seconds()
        if step <= idle_after_s:
            seconds += step
            intervals += 1
    return seconds, intervals


def _merge_outages(rows: list[Any]) -> list[Outage]:
    """Offline gaps are recorded each second; consecutive ones make one outage."""
    outages: list[Outage] = []
    for row in rows:
        if row.reason != "offline":
            continue
        if outages and (row.started_at - outages[-1].ended).total_seconds() <= 2.0:
            last = outages[-1]
            outages[-1] = Outage(last.started, row.ended_at, last.missed_parts + int(row.parts))
        else:
            outages.append(Outage(row.started_at, row.ended_at, int(row.parts)))
    return outages


def gather(
    store: HistoryStore,
    window: ShiftWindow,
    plant: str,
    line: str | None = None,
    station: str | None = None,
    roi: RoiSettings | None = None,
    top: int = 8,
    escapes: int | None = None,
) -> ShiftReportData:
    """Read the shift from the history (a few narrow queries; 30,000 parts take well under a second).

    ``escapes`` is the number of this shift's parts QA found defective after the station passed
    them (customer returns, audits); None = not recorded, and the report says "unknown".
    """
    stats = store.stats(window.start, window.end, station=station, line=line)
    c = inspections.c
    query = select(c.inspected_at, c.verdict, c.defect_type, c.recipe, c.model_hashes, c.timings_ms, c.review).where(
        c.inspected_at >= window.start, c.inspected_at < window.end
    )
    if station is not None:
        query = query.where(c.station_id == station)
    if line is not None:
        query = query.where(c.line == line)
    with store.engine.connect() as connection:
        rows = connection.execute(query.order_by(c.inspected_at)).all()
    recipes: Counter[str] = Counter()
    models: dict[str, str] = {}
    pareto: Counter[str] = Counter()
    qa: Counter[str] = Counter()
    latencies = []
    hours: dict[dt.datetime, list[int]] = {}
    for row in rows:
        recipes[row.recipe] += 1
        for role, digest in (row.model_hashes or {}).items():
            models[f"{role} {digest[:12]}"] = row.recipe
        total = (row.timings_ms or {}).get("total")
        if total is not None:
            latencies.append(float(total))
        hour = row.inspected_at.replace(minute=0, second=0, microsecond=0)
        counts = hours.setdefault(hour, [0, 0])
        if row.verdict in ("OK", "NG"):
            counts[0] += 1
        if row.verdict == "NG":
            counts[1] += 1
            pareto[row.defect_type or "no box"] += 1
            qa[row.review or "pending"] += 1
    gap_rows = store.gaps_between(window.start, window.end, station)
    if line is not None:
        gap_rows = [g for g in gap_rows if g.line == line]
    causes: Counter[str] = Counter()
    for gap in gap_rows:
        if gap.reason != "not_recorded":  # inspected but lost before the history kept them: counted apart
            causes[gap.reason] += int(gap.parts)
    decided = qa["confirmed"] + qa["false_reject"] + qa["wrong_type"]
    false_reject_rate = qa["false_reject"] / decided if decided else None
    active_s, active_parts = active_seconds([row.inspected_at for row in rows])
    hours_with_parts = sum(1 for counts in hours.values() if counts[0]) if stats.inspections else 0
    flagged = store.top_flagged(window.start, window.end, top, station, line) if top else []
    audit = store.audit_log(
        window.start, window.end, actions=("threshold", "threshold_set", "recipe", "recipe_changed_outside")
    )
    notes = store.review_notes(window.start, window.end)
    decision_times = store.decision_times(window.start, window.end, station)
    return ShiftReportData(
        plant=plant,
        line=line,
        station=station,
        window=window,
        generated_at=dt.datetime.now(dt.UTC),
        stats=stats,
        not_inspected_by_cause=dict(causes),
        recipes=dict(recipes),
        models=models,
        parts_per_s=(active_parts / active_s) if active_s > 0 else None,
        latency_ms_p50=float(np.percentile(latencies, 50)) if latencies else None,
        latency_ms_p95=float(np.percentile(latencies, 95)) if latencies else None,
        pareto=pareto.most_common(),
        hourly=[(hour, counts[0], counts[1]) for hour, counts in sorted(hours.items())],
        qa={k: qa[k] for k in ("confirmed", "false_reject", "wrong_type", "pending")},
        false_reject_rate=false_reject_rate,
        top_flagged=flagged,
        outages=_merge_outages(gap_rows),
        changes=audit,
        notes=notes,
        active_s=active_s,
        active_parts=active_parts,
        line_io=store.line_totals(window.start, window.end, station, line),
        decision_times=decision_times,
        roi=(
            estimate_roi(
                roi,
                parts=stats.ok + stats.ng,
                ng=stats.ng,
                active_hours=float(hours_with_parts),
                confirmed=qa["confirmed"] + qa["wrong_type"],
                false_rejects=qa["false_reject"],
                station_escapes=escapes,
            )
            if roi is not None
            else None
        ),
    )
