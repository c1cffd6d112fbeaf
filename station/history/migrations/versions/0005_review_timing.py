"""Time to decision: when the QA lead was shown the part (``reviews.shown_at``), so the time a part was
on screen before its decision is a stored fact (``decided_at - shown_at``), not a guess.

The time from inspection to decision needs no column (``decided_at - inspections.inspected_at``).
Nullable: decisions made before this migration, or from the command line, were never shown.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from station.history.schema import UtcDateTime

revision = "0005"
down_revision = "0004"  # after the line counts
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("shown_at", UtcDateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("shown_at")
