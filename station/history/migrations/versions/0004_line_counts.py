"""Line counts: what the line interfaces did (parts triggered, results sent, late, fail-safe verdicts and
rejects, results lost to a full PLC buffer, interface outages), as the growth of the line's counters per
poll, so the shift report can sum them over a shift.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from station.history.schema import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COUNTS = ("triggered", "results", "late", "failsafe", "failsafe_rejects", "overflows", "outages")


def upgrade() -> None:
    op.create_table(
        "line_counts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(64), nullable=False, unique=True),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("line", sa.String(64), nullable=False),
        sa.Column("started_at", UtcDateTime, nullable=False),
        sa.Column("ended_at", UtcDateTime, nullable=False),
        *(sa.Column(name, sa.Integer, nullable=False) for name in COUNTS),
        sa.Column("interfaces", sa.JSON, nullable=False),
    )
    op.create_index("ix_line_counts_time", "line_counts", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_line_counts_time", table_name="line_counts")
    op.drop_table("line_counts")
