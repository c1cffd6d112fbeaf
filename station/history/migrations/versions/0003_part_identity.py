"""Part identity: the file name or camera frame id (``part_name``) and the line's part id or serial
(``part_id``) of each inspection, so a record names the part, not only the source and a frame index.

Both nullable: records written before this migration keep NULL (their source and frame index
still say where they came from).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"  # after the integrity migration (audit hash chain, per-recipe thresholds)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspections") as batch:
        batch.add_column(sa.Column("part_name", sa.String(255), nullable=True))
        batch.add_column(sa.Column("part_id", sa.String(128), nullable=True))
    op.create_index("ix_inspections_part_id", "inspections", ["part_id"])


def downgrade() -> None:
    op.drop_index("ix_inspections_part_id", table_name="inspections")
    with op.batch_alter_table("inspections") as batch:
        batch.drop_column("part_id")
        batch.drop_column("part_name")
