"""The QA review's questions: parts with their latest decision, the filters' choices, time to decision.

A mixin of HistoryStore (kept apart so each file stays readable). Flagged parts are all
there; OK parts only as recorded, which is a sample: only 1 OK part in ``history.ok_sample_every``
keeps its picture, and only those are offered for review.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from station.history.integrity import HistoryError
from station.history.schema import inspections, reviews

DECIDED = ("confirmed", "false_reject", "wrong_type")
STATUSES = ("undecided", "decided", *DECIDED)
VERDICTS = ("NG", "OK")


@dataclass(frozen=True)
class ReviewFilter:
    """What a QA lead asks for; None means any."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None
    verdict: str | None = "NG"  # NG | OK (the sample with pictures) | None: both
    status: str | None = "undecided"  # undecided | decided | confirmed | false_reject | wrong_type
    recipe: str | None = None
    defect_type: str | None = None
    decided_by: str | None = None
    limit: int = 1000


@dataclass(frozen=True)
class DecisionTimes:
    """How long decisions took: on screen (shown to decided) and from inspection to decision, in seconds."""

    shown: int  # decisions whose showing was recorded
    shown_median_s: float | None
    shown_p90_s: float | None
    decisions: int
    waited_median_s: float | None  # inspection to decision: how long flagged parts waited for QA


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


class ReviewQueries:
    """Review queries for a store that has an ``engine``."""

    engine: Engine

    @staticmethod
    def _latest_review() -> Any:
        latest = (
            select(reviews.c.inspection_uid, func.max(reviews.c.id).label("review_id"))
            .group_by(reviews.c.inspection_uid)
            .subquery("latest")
        )
        return latest

    def review_parts(self, wanted: ReviewFilter) -> list[dict[str, Any]]:
        """Parts for review, newest first, each with its latest decision (``decided_by``, ``decided_at``,
        ``reason_code``, ``note``, ``correct_type``, ``shown_at``; None while undecided)."""
        if wanted.status is not None and wanted.status not in STATUSES:
            raise HistoryError(f"unknown review status {wanted.status!r}; choose one of {', '.join(STATUSES)}")
        if wanted.verdict is not None and wanted.verdict not in VERDICTS:
            raise HistoryError(f"unknown verdict {wanted.verdict!r}; choose one of {', '.join(VERDICTS)}")
        c, r = inspections.c, reviews.c
        latest = self._latest_review()
        query = (
            select(
                inspections,
                r.user.label("decided_by"),
                r.decided_at,
                r.reason_code,
                r.note,
                r.correct_type,
                r.shown_at,
            )
            .select_from(
                inspections.outerjoin(latest, latest.c.inspection_uid == c.uid).outerjoin(
                    reviews, r.id == latest.c.review_id
                )
            )
            .where(*self._conditions(wanted))
            .order_by(c.inspected_at.desc(), c.id.desc())
            .limit(wanted.limit)
        )
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def _conditions(self, wanted: ReviewFilter) -> list[Any]:
        c = inspections.c
        sampled_ok = and_(c.verdict == "OK", c.image_path.is_not(None))
        verdict = {"NG": c.verdict == "NG", "OK": sampled_ok, None: or_(c.verdict == "NG", sampled_ok)}
        conditions = [verdict[wanted.verdict]]
        if wanted.status == "undecided":
            conditions.append(c.review == "pending")
        elif wanted.status == "decided":
            conditions.append(c.review.in_(DECIDED))
        elif wanted.status is not None:
            conditions.append(c.review == wanted.status)
        if wanted.start is not None:
            conditions.append(c.inspected_at >= wanted.start)
        if wanted.end is not None:
            conditions.append(c.inspected_at < wanted.end)
        if wanted.recipe is not None:
            conditions.append(c.recipe == wanted.recipe)
        if wanted.defect_type is not None:
            conditions.append(c.defect_type == wanted.defect_type)
        if wanted.decided_by is not None:
            latest = self._latest_review()
            by_user = (
                select(latest.c.inspection_uid)
                .join(reviews, reviews.c.id == latest.c.review_id)
                .where(reviews.c.user == wanted.decided_by)
            )
            conditions.append(c.uid.in_(by_user))
        return conditions

    def review_choices(self, start: dt.datetime | None, end: dt.datetime | None) -> dict[str, list[str]]:
        """What the filters can offer for a period: recipes, defect types and the people who decided."""
        c = inspections.c
        window: list[Any] = [c.verdict.in_(VERDICTS)]
        if start is not None:
            window.append(c.inspected_at >= start)
        if end is not None:
            window.append(c.inspected_at < end)
        with self.engine.connect() as connection:
            recipes = connection.execute(select(c.recipe).where(*window).distinct().order_by(c.recipe)).scalars()
            recipe_list = [r for r in recipes if r]
            types = connection.execute(
                select(c.defect_type).where(*window, c.defect_type.is_not(None)).distinct().order_by(c.defect_type)
            ).scalars()
            type_list = [t for t in types if t]
            people = connection.execute(
                select(reviews.c.user)
                .join(inspections, inspections.c.uid == reviews.c.inspection_uid)
                .where(*window)
                .distinct()
                .order_by(reviews.c.user)
            ).scalars()
            return {"recipes": recipe_list, "defect_types": type_list, "users": [p for p in people if p]}

    def decision_times(
        self, start: dt.datetime | None = None, end: dt.datetime | None = None, station: str | None = None
    ) -> DecisionTimes:
        """Every decision on parts inspected in [start, end): seconds on screen before it (where the
        app recorded the showing) and seconds from the inspection to it."""
        c, r = inspections.c, reviews.c
        query = select(c.inspected_at, r.shown_at, r.decided_at).join(inspections, c.uid == r.inspection_uid)
        if start is not None:
            query = query.where(c.inspected_at >= start)
        if end is not None:
            query = query.where(c.inspected_at < end)
        if station is not None:
            query = query.where(c.station_id == station)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        shown = [(row.decided_at - row.shown_at).total_seconds() for row in rows if row.shown_at is not None]
        shown = [max(0.0, s) for s in shown]
        waited = [max(0.0, (row.decided_at - row.inspected_at).total_seconds()) for row in rows]
        return DecisionTimes(
            shown=len(shown),
            shown_median_s=statistics.median(shown) if shown else None,
            shown_p90_s=_p90(shown),
            decisions=len(waited),
            waited_median_s=statistics.median(waited) if waited else None,
        )
