"""The first history schema: inspections, gaps, reviews, users and the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from station.history.schema import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = """
CREATE TRIGGER audit_no_{verb} BEFORE {VERB} ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
"""
_APPEND_ONLY_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END
$$ LANGUAGE plpgsql
"""
_APPEND_ONLY_POSTGRES_TRIGGER = """
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
FOR EACH ROW EXECUTE FUNCTION audit_append_only()
"""


def upgrade() -> None:
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(64), nullable=False, unique=True),
        sa.Column("inspected_at", UtcDateTime, nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("line", sa.String(64), nullable=False),
        sa.Column("shift", sa.String(48), nullable=True),
        sa.Column("recipe", sa.String(64), nullable=False),
        sa.Column("model_hashes", sa.JSON, nullable=False),
        sa.Column("threshold", sa.Float, nullable=True),
        sa.Column("source", sa.String(512), nullable=False),
        sa.Column("frame_id", sa.Integer, nullable=False),
        sa.Column("verdict", sa.String(8), nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("defect_type", sa.String(64), nullable=True),
        sa.Column("detections", sa.JSON, nullable=False),
        sa.Column("timings_ms", sa.JSON, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("image_path", sa.String(512), nullable=True),
        sa.Column("thumb_path", sa.String(512), nullable=True),
        sa.Column("review", sa.String(16), nullable=True),
    )
    op.create_index("ix_inspections_time", "inspections", ["inspected_at", "verdict", "review"])
    op.create_index("ix_inspections_station_time", "inspections", ["station_id", "inspected_at"])
    op.create_table(
        "gaps",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(64), nullable=False, unique=True),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("line", sa.String(64), nullable=False),
        sa.Column("started_at", UtcDateTime, nullable=False),
        sa.Column("ended_at", UtcDateTime, nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("parts", sa.Integer, nullable=False),
    )
    op.create_index("ix_gaps_time", "gaps", ["started_at"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("inspection_uid", sa.String(64), sa.ForeignKey("inspections.uid"), nullable=False),
        sa.Column("decided_at", UtcDateTime, nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("correct_type", sa.String(64), nullable=True),
        sa.Column("reason_code", sa.String(32), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_reviews_inspection", "reviews", ["inspection_uid"])
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("pin_hash", sa.String(256), nullable=False),
        sa.Column("active", sa.Integer, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(256), nullable=True),
        sa.Column("old_value", sa.Text, nullable=True),
        sa.Column("new_value", sa.Text, nullable=True),
    )
    op.create_index("ix_audit_time", "audit", ["at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_APPEND_ONLY_POSTGRES_FUNCTION)
        op.execute(_APPEND_ONLY_POSTGRES_TRIGGER)
    else:
        for verb in ("update", "delete"):
            op.execute(_APPEND_ONLY_SQLITE.format(verb=verb, VERB=verb.upper()))


def downgrade() -> None:
    for table in ("audit", "users", "reviews", "gaps", "inspections"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_append_only()")
