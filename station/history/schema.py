"""The history tables (SQLAlchemy Core). Alembic migrations in ``migrations/`` create and evolve them.

Every row that a station writes carries a ``uid`` made by the station, unique
in the table: a batch that is sent twice (a connection lost after the commit,
the offline queue replayed) is inserted once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware datetimes, stored as UTC on every backend and read back aware.

    SQLite has no timezone type; storing naive UTC there keeps text comparison
    (the range queries of stats and reports) correct.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("history times must be timezone-aware")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


metadata = MetaData()

inspections = Table(
    "inspections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(64), nullable=False, unique=True),
    Column("inspected_at", UtcDateTime, nullable=False),
    Column("station_id", String(64), nullable=False),
    Column("line", String(64), nullable=False),
    Column("shift", String(48), nullable=True),  # YYYY-MM-DD/NAME from the station's calendar
    Column("recipe", String(64), nullable=False),
    Column("model_hashes", JSON, nullable=False),
    Column("threshold", Float, nullable=True),
    Column("source", String(512), nullable=False),
    Column("frame_id", Integer, nullable=False),
    Column("part_name", String(255), nullable=True),  # file name (file sources) or camera frame id
    Column("part_id", String(128), nullable=True),  # the line's part id / serial, when it gives one
    Column("verdict", String(8), nullable=False),  # OK | NG | ERROR
    Column("score", Float, nullable=True),
    Column("defect_type", String(64), nullable=True),  # the most confident detection's label
    Column("detections", JSON, nullable=False),
    Column("timings_ms", JSON, nullable=False),
    Column("error", Text, nullable=True),
    Column("image_path", String(512), nullable=True),  # relative to the image archive
    Column("thumb_path", String(512), nullable=True),
    Column("review", String(16), nullable=True),  # NG parts: pending | confirmed | false_reject | wrong_type
    Index("ix_inspections_time", "inspected_at", "verdict", "review"),
    Index("ix_inspections_station_time", "station_id", "inspected_at"),
    Index("ix_inspections_part_id", "part_id"),
)

gaps = Table(
    "gaps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(64), nullable=False, unique=True),
    Column("station_id", String(64), nullable=False),
    Column("line", String(64), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=False),
    Column("reason", String(16), nullable=False),  # dropped | offline
    Column("parts", Integer, nullable=False),
    Index("ix_gaps_time", "started_at"),
)

# What the line interfaces did (migration 0004): the growth of the line's counters over each poll
# (about a second) in which they grew, so a shift's figures are sums of rows starting in it.
line_counts = Table(
    "line_counts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(64), nullable=False, unique=True),
    Column("station_id", String(64), nullable=False),
    Column("line", String(64), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=False),
    Column("triggered", Integer, nullable=False),  # parts the line triggered (or counted, when free-running)
    Column("results", Integer, nullable=False),  # verdicts sent to the line, real or fail-safe
    Column("late", Integer, nullable=False),  # no verdict within the deadline: fail-safe
    Column("failsafe", Integer, nullable=False),  # every fail-safe verdict (late, not inspected, picture lost)
    Column("failsafe_rejects", Integer, nullable=False),  # fail-safe verdicts that rejected the part
    Column("overflows", Integer, nullable=False),  # results the PLC never saw: its buffer was full
    Column("outages", Integer, nullable=False),  # connections to the line lost while running
    Column("interfaces", JSON, nullable=False),  # outages per interface, e.g. {"mqtt": 1}
    Index("ix_line_counts_time", "started_at"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("inspection_uid", String(64), ForeignKey("inspections.uid"), nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("user", String(64), nullable=False),
    Column("decision", String(16), nullable=False),  # confirmed | false_reject | wrong_type
    Column("correct_type", String(64), nullable=True),
    Column("reason_code", String(32), nullable=True),
    Column("note", Text, nullable=True),
    Column("shown_at", UtcDateTime, nullable=True),  # when the lead was shown the part (migration 0005)
    Index("ix_reviews_inspection", "inspection_uid"),
)

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("pin_hash", String(256), nullable=False),
    Column("active", Integer, nullable=False, default=1),
    Column("created_at", UtcDateTime, nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("user", String(64), nullable=False),
    Column("station_id", String(64), nullable=False),
    Column("action", String(32), nullable=False),  # threshold | recipe | review | login | login_failed | user ...
    Column("target", String(256), nullable=True),
    Column("old_value", Text, nullable=True),
    Column("new_value", Text, nullable=True),
    # The hash chain (migration 0002): seq is the row's place in the chain, row_hash = SHA-256 of
    # prev_hash + the row's canonical content (station.history.integrity).
    Column("seq", Integer, nullable=True),
    Column("prev_hash", String(64), nullable=True),
    Column("row_hash", String(64), nullable=True),
    Index("ix_audit_time", "at"),
    Index("ux_audit_seq", "seq", unique=True),
)

# One row (id 1): the chain's length and last hash, updated in the transaction of every audit entry,
# so emptying or cutting the audit table alone is detected. Its triggers refuse a delete or a lower seq.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

# The operating threshold a QA lead set per recipe (the audit entry is written in the same transaction).
recipe_thresholds = Table(
    "recipe_thresholds",
    metadata,
    Column("recipe", String(64), primary_key=True),
    Column("threshold", Float, nullable=False),
    Column("set_by", String(64), nullable=False),
    Column("set_at", UtcDateTime, nullable=False),
    Column("station_id", String(64), nullable=False),
)

# The fingerprint (settings and model hashes) of each recipe when a session last started with it.
recipe_fingerprints = Table(
    "recipe_fingerprints",
    metadata,
    Column("recipe", String(64), primary_key=True),
    Column("fingerprint", Text, nullable=False),  # JSON
    Column("seen_at", UtcDateTime, nullable=False),
    Column("station_id", String(64), nullable=False),
)

# Failed PINs per user name, shared by every process and kept across restarts.
login_failures = Table(
    "login_failures",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", UtcDateTime, nullable=True),
)
