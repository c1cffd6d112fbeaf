"""The history database: SQLite on the workstation by default, PostgreSQL for a plant.

One class owns the engine and every query, so the UI, the CLI and the reports
ask the same questions the same way (a report's numbers equal ``history stats``
because both call :meth:`HistoryStore.stats`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, case, create_engine, event, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from station.core.paths import user_data_dir
from station.history.guarded import AuditedStore
from station.history.integrity import AuditCheck, HistoryError, trigger_problems
from station.history.reviewqueue import ReviewQueries
from station.history.schema import (
    audit,
    gaps,
    inspections,
    line_counts,
    reviews,
    users,
)

__all__ = [
    "AuditCheck",
    "HistoryError",
    "HistoryStore",
    "LineTotals",
    "Stats",
    "default_url",
    "display_url",
    "normalise_url",
]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DECISIONS = ("confirmed", "false_reject", "wrong_type")
REVIEW_STATES = ("pending", *DECISIONS)
LINE_COUNTS = ("triggered", "results", "late", "failsafe", "failsafe_rejects", "overflows", "outages")
_MIGRATION_LOCK = 727_001  # PostgreSQL advisory lock id: one station migrates at a time


def default_url() -> str:
    return f"sqlite:///{user_data_dir() / 'history.db'}"


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` as users write it and use the psycopg 3 driver we ship."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def display_url(url: str) -> str:
    """The URL with its password hidden, for logs and messages."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; a killed process loses no commit
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@dataclass(frozen=True)
class LineTotals:
    """What the line interfaces did in a time window (columns of ``line_counts``, summed)."""

    triggered: int
    results: int
    late: int
    failsafe: int
    failsafe_rejects: int
    overflows: int
    outages: int
    outages_by_interface: dict[str, int]


@dataclass(frozen=True)
class Stats:
    """Counts for a window; the JSON line of ``station history stats`` and the report's key figures."""

    inspections: int
    ok: int
    ng: int
    errors: int
    not_inspected: int
    reviewed: int
    pending_review: int
    not_recorded: int = 0  # inspected, but lost before the history could keep them (a full disk, say)

    def to_json(self) -> dict[str, int]:
        return dict(self.__dict__)


try:  # POSIX: a lock file serialises migrations across processes
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_MIGRATING = threading.Lock()


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One migration at a time on a SQLite file: threads of this process (the app opens its history and
    loads a recipe at once) and other processes (a lock file beside the database; POSIX only, elsewhere
    threads alone). Two migrations of a new database at once fail with "duplicate column"."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    with _MIGRATING:
        if not database or database == ":memory:" or fcntl is None:
            yield
            return
        with open(f"{database}.migrate.lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class HistoryStore(ReviewQueries, AuditedStore):
    """Open (and migrate) the database at ``url``."""

    def __init__(self, url: str | None = None, migrate: bool = True) -> None:
        self.url = normalise_url(url or default_url())
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        try:
            if self.dialect == "sqlite" and parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            if self.dialect == "sqlite":
                self.engine: Engine = create_engine(self.url, connect_args={"timeout": 30})
                event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = create_engine(
                    self.url, pool_pre_ping=True, pool_size=2, connect_args={"connect_timeout": 5}
                )
            if migrate:
                self.migrate()
                self._warn_if_triggers_gone()
        except (SQLAlchemyError, OSError) as exc:
            raise HistoryError(f"cannot open history database {display_url(self.url)}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def _warn_if_triggers_gone(self) -> None:
        """A cheap check at every open (the full chain check is verify_audit): dropped triggers are logged."""
        with self.engine.connect() as connection:
            problems = trigger_problems(connection)
        if problems:
            log.error("audit log of %s is not protected: %s", display_url(self.url), "; ".join(problems))

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (one station at a time on PostgreSQL)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with _migration_lock(self.engine), self.engine.connect() as connection:
            if self.dialect == "postgresql":
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
                connection.commit()
            try:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                connection.commit()
            finally:
                if self.dialect == "postgresql":
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
                    connection.commit()

    # -- writing ---------------------------------------------------------------------------

    def _insert_ignoring_duplicates(self, table: Any, rows: Sequence[Mapping[str, Any]]) -> int:
        if not rows:
            return 0
        dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        statement = dialect_insert(table).on_conflict_do_nothing(index_elements=["uid"])
        with self.engine.begin() as connection:
            result = connection.execute(statement, list(rows))
        return max(result.rowcount, 0)

    def add_inspections(self, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert in one transaction; rows whose ``uid`` is already there are skipped."""
        return self._insert_ignoring_duplicates(inspections, rows)

    def add_gaps(self, rows: Sequence[Mapping[str, Any]]) -> int:
        return self._insert_ignoring_duplicates(gaps, rows)

    def add_line_counts(self, rows: Sequence[Mapping[str, Any]]) -> int:
        return self._insert_ignoring_duplicates(line_counts, rows)

    def line_counts_between(
        self, start: dt.datetime, end: dt.datetime, station: str | None = None, line: str | None = None
    ) -> list[Any]:
        """The ``line_counts`` rows starting in [start, end), oldest first."""
        c = line_counts.c
        query = select(line_counts).where(c.started_at >= start, c.started_at < end)
        for column, value in ((c.station_id, station), (c.line, line)):
            if value is not None:
                query = query.where(column == value)
        with self.engine.connect() as connection:
            return list(connection.execute(query.order_by(c.started_at)))

    def line_totals(
        self, start: dt.datetime, end: dt.datetime, station: str | None = None, line: str | None = None
    ) -> LineTotals | None:
        """The line interfaces' counts summed over rows starting in [start, end); None when there are none."""
        rows = self.line_counts_between(start, end, station, line)
        if not rows:
            return None
        by_interface: dict[str, int] = {}
        for row in rows:
            for name, count in (row.interfaces or {}).items():
                by_interface[name] = by_interface.get(name, 0) + int(count)
        sums = {name: sum(int(getattr(row, name)) for row in rows) for name in LINE_COUNTS}
        return LineTotals(**sums, outages_by_interface=dict(sorted(by_interface.items())))

    # -- questions -------------------------------------------------------------------------

    def stats(
        self,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        station: str | None = None,
        line: str | None = None,
    ) -> Stats:
        """Counts of parts inspected in [start, end) and of parts not inspected in gaps starting then."""
        verdict, review = inspections.c.verdict, inspections.c.review

        def count_where(condition: Any) -> Any:
            return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

        query = select(
            func.count(),
            count_where(verdict == "OK"),
            count_where(verdict == "NG"),
            count_where(verdict == "ERROR"),
            count_where((verdict == "NG") & review.in_(DECISIONS)),
            count_where((verdict == "NG") & (review == "pending")),
        )
        not_recorded_gap = gaps.c.reason == "not_recorded"
        missed = select(
            func.coalesce(func.sum(case((not_recorded_gap, 0), else_=gaps.c.parts)), 0),
            func.coalesce(func.sum(case((not_recorded_gap, gaps.c.parts), else_=0)), 0),
        )
        for column, value in (
            (inspections.c.station_id, station),
            (inspections.c.line, line),
        ):
            if value is not None:
                query = query.where(column == value)
        for column, value in ((gaps.c.station_id, station), (gaps.c.line, line)):
            if value is not None:
                missed = missed.where(column == value)
        if start is not None:
            query = query.where(inspections.c.inspected_at >= start)
            missed = missed.where(gaps.c.started_at >= start)
        if end is not None:
            query = query.where(inspections.c.inspected_at < end)
            missed = missed.where(gaps.c.started_at < end)
        with self.engine.connect() as connection:
            total, ok, ng, errors, reviewed, pending = connection.execute(query).one()
            not_inspected, not_recorded = connection.execute(missed).one()
        counts = (total, ok, ng, errors, not_inspected, reviewed, pending, not_recorded)
        return Stats(*(int(n) for n in counts))

    def review_queue(
        self,
        status: str | None = "pending",
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        shift: str | None = None,
        recipe: str | None = None,
        defect_type: str | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        """Flagged parts, newest first, filtered as a QA lead asks."""
        query = select(inspections).where(inspections.c.verdict == "NG")
        if status is not None:
            if status not in REVIEW_STATES:
                raise HistoryError(f"unknown review status {status!r}; choose one of {', '.join(REVIEW_STATES)}")
            query = query.where(inspections.c.review == status)
        for column, value in (
            (inspections.c.shift, shift),
            (inspections.c.recipe, recipe),
            (inspections.c.defect_type, defect_type),
        ):
            if value is not None:
                query = query.where(column == value)
        if start is not None:
            query = query.where(inspections.c.inspected_at >= start)
        if end is not None:
            query = query.where(inspections.c.inspected_at < end)
        query = query.order_by(inspections.c.inspected_at.desc(), inspections.c.id.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def top_flagged(
        self,
        start: dt.datetime,
        end: dt.datetime,
        limit: int,
        station: str | None = None,
        line: str | None = None,
    ) -> list[dict[str, Any]]:
        """The flagged parts of a window with the highest scores that still have a thumbnail (for reports)."""
        c = inspections.c
        query = select(inspections).where(
            c.verdict == "NG", c.thumb_path.is_not(None), c.inspected_at >= start, c.inspected_at < end
        )
        if station is not None:
            query = query.where(c.station_id == station)
        if line is not None:
            query = query.where(c.line == line)
        query = query.order_by(c.score.desc().nulls_last(), c.inspected_at.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def inspections_between(self, start: dt.datetime, end: dt.datetime, station: str | None = None) -> list[Any]:
        """Every inspection of a window in time order (for CSV export and reports)."""
        query = select(inspections).where(inspections.c.inspected_at >= start, inspections.c.inspected_at < end)
        if station is not None:
            query = query.where(inspections.c.station_id == station)
        with self.engine.connect() as connection:
            return list(connection.execute(query.order_by(inspections.c.inspected_at, inspections.c.id)))

    def gaps_between(self, start: dt.datetime, end: dt.datetime, station: str | None = None) -> list[Any]:
        query = select(gaps).where(gaps.c.started_at >= start, gaps.c.started_at < end)
        if station is not None:
            query = query.where(gaps.c.station_id == station)
        with self.engine.connect() as connection:
            return list(connection.execute(query.order_by(gaps.c.started_at)))

    def decide(
        self,
        uid: str,
        decision: str,
        user: str,
        station_id: str,
        correct_type: str | None = None,
        reason_code: str | None = None,
        note: str | None = None,
        shown_at: dt.datetime | None = None,
        decided_at: dt.datetime | None = None,
    ) -> None:
        """Record a QA decision on a flagged part, and audit it, in one transaction.

        ``shown_at`` is when the lead was shown the part and ``decided_at`` when they decided (the key
        press; the app writes later, on a worker); without it, the time of this write."""
        if decision not in DECISIONS:
            raise HistoryError(f"unknown decision {decision!r}; choose one of {', '.join(DECISIONS)}")
        if decision == "wrong_type" and not correct_type:
            raise HistoryError("a 'wrong type' decision needs the right defect type")
        now = decided_at or dt.datetime.now(dt.UTC)
        with self.transaction() as connection:
            old = connection.execute(
                select(inspections.c.review).where(inspections.c.uid == uid, inspections.c.verdict == "NG")
            ).scalar_one_or_none()
            if old is None:
                raise HistoryError(f"no flagged part {uid!r} to review")
            connection.execute(
                reviews.insert().values(
                    inspection_uid=uid,
                    decided_at=now,
                    user=user,
                    decision=decision,
                    correct_type=correct_type,
                    reason_code=reason_code,
                    note=note,
                    shown_at=shown_at,
                )
            )
            connection.execute(inspections.update().where(inspections.c.uid == uid).values(review=decision))
            new_value = decision if correct_type is None else f"{decision}:{correct_type}"
            self.append_audit(connection, user, station_id, "review", uid, old, new_value, now)

    def review_notes(self, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
        """Decisions with a note on parts inspected in [start, end), oldest first (for reports)."""
        query = (
            select(reviews, inspections.c.defect_type, inspections.c.inspected_at)
            .join(inspections, inspections.c.uid == reviews.c.inspection_uid)
            .where(inspections.c.inspected_at >= start, inspections.c.inspected_at < end, reviews.c.note.is_not(None))
            .order_by(reviews.c.decided_at, reviews.c.id)
        )
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def latest_review(self, uid: str) -> dict[str, Any] | None:
        query = select(reviews).where(reviews.c.inspection_uid == uid).order_by(reviews.c.id.desc()).limit(1)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return dict(row._mapping) if row is not None else None

    def review_rates(self, start: dt.datetime | None = None, end: dt.datetime | None = None) -> dict[str, Any]:
        """Per shift: decisions so far, false-reject rate and confirmed-defect rate among reviewed parts."""
        review = inspections.c.review
        query = (
            select(
                inspections.c.shift,
                func.count(),
                func.sum(case((review == "confirmed", 1), else_=0)),
                func.sum(case((review == "false_reject", 1), else_=0)),
                func.sum(case((review == "wrong_type", 1), else_=0)),
                func.sum(case((review == "pending", 1), else_=0)),
            )
            .where(inspections.c.verdict == "NG")
            .group_by(inspections.c.shift)
            .order_by(inspections.c.shift)
        )
        if start is not None:
            query = query.where(inspections.c.inspected_at >= start)
        if end is not None:
            query = query.where(inspections.c.inspected_at < end)
        out: dict[str, Any] = {}
        with self.engine.connect() as connection:
            for shift, flagged, confirmed, false_reject, wrong_type, pending in connection.execute(query):
                decided = int(confirmed) + int(false_reject) + int(wrong_type)
                out[shift or "-"] = {
                    "flagged": int(flagged),
                    "confirmed": int(confirmed),
                    "false_reject": int(false_reject),
                    "wrong_type": int(wrong_type),
                    "pending": int(pending),
                    "false_reject_rate": (int(false_reject) / decided) if decided else None,
                    "confirmed_rate": ((int(confirmed) + int(wrong_type)) / decided) if decided else None,
                }
        return out

    # -- audit and users -----------------------------------------------------------------

    def audit_log(
        self,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        actions: Iterable[str] | None = None,
        limit: int = 1000,
    ) -> list[dict[str, Any]]:
        query = select(audit).order_by(audit.c.at, audit.c.id)
        if start is not None:
            query = query.where(audit.c.at >= start)
        if end is not None:
            query = query.where(audit.c.at < end)
        if actions is not None:
            query = query.where(audit.c.action.in_(list(actions)))
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query.limit(limit))]

    def user_row(self, name: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(users).where(users.c.name == name)).first()
        return dict(row._mapping) if row is not None else None

    def user_rows(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(r._mapping) for r in connection.execute(select(users).order_by(users.c.name))]

    def put_user(self, name: str, role: str, pin_hash: str, audit_entry: Mapping[str, Any] | None = None) -> bool:
        """Create or update a user, with its audit entry in the same transaction; True when it was new."""
        with self.transaction() as connection:
            exists = connection.execute(select(users.c.name).where(users.c.name == name)).first() is not None
            if exists:
                connection.execute(users.update().where(users.c.name == name).values(role=role, pin_hash=pin_hash))
            else:
                connection.execute(
                    users.insert().values(
                        name=name, role=role, pin_hash=pin_hash, active=1, created_at=dt.datetime.now(dt.UTC)
                    )
                )
            if audit_entry is not None:
                self.append_audit(connection, **audit_entry)
        return not exists
