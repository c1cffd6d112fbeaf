"""Tamper-evidence and thresholds that stick: the audit hash chain and its head, TRUNCATE refused,
per-recipe thresholds, recipe fingerprints and PIN failures.

Existing audit rows are chained in id order (they were written before the chain
existed). On PostgreSQL the README gives the SQL an administrator runs once
after this migration so that the station's account can no longer disable the
triggers or truncate the table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from station.history.integrity import GENESIS, chain_hash
from station.history.schema import UtcDateTime, audit

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = {
    "audit_head_no_delete": """
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'the audit chain head cannot be deleted'); END
""",
    "audit_head_no_rewind": """
CREATE TRIGGER audit_head_no_rewind BEFORE UPDATE ON audit_head WHEN NEW.seq < OLD.seq OR NEW.id != OLD.id
BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END
""",
}
_SQLITE_AUDIT_NO_UPDATE = """
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
"""
_POSTGRES = [
    """
CREATE OR REPLACE FUNCTION audit_no_truncate() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only: TRUNCATE refused'; END
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate()
""",
    """
CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq OR NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'the audit chain head only moves forward';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER audit_head_guard BEFORE UPDATE OR DELETE ON audit_head
FOR EACH ROW EXECUTE FUNCTION audit_head_guard()
""",
    """
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate()
""",
]


def _chain_existing_rows() -> tuple[int, str]:
    """Give the rows written before the chain their seq and hashes, in id order."""
    bind = op.get_bind()
    rows = list(
        bind.execute(
            sa.select(
                audit.c.id,
                audit.c.at,
                audit.c.user,
                audit.c.station_id,
                audit.c.action,
                audit.c.target,
                audit.c.old_value,
                audit.c.new_value,
            ).order_by(audit.c.id)
        )
    )
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        values = {**row._mapping, "seq": seq}
        digest = chain_hash(prev, values)
        bind.execute(audit.update().where(audit.c.id == row.id).values(seq=seq, prev_hash=prev, row_hash=digest))
        prev = digest
    return len(rows), prev


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column("audit", sa.Column("seq", sa.Integer, nullable=True))
    op.add_column("audit", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("audit", sa.Column("row_hash", sa.String(64), nullable=True))
    if postgres:
        op.execute("ALTER TABLE audit DISABLE TRIGGER audit_append_only")
    else:
        op.execute("DROP TRIGGER audit_no_update")
    seq, last_hash = _chain_existing_rows()
    if postgres:
        op.execute("ALTER TABLE audit ENABLE TRIGGER audit_append_only")
    else:
        op.execute(_SQLITE_AUDIT_NO_UPDATE)
    op.create_index("ux_audit_seq", "audit", ["seq"], unique=True)
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
    )
    op.execute(
        sa.text("INSERT INTO audit_head (id, seq, last_hash) VALUES (1, :seq, :h)").bindparams(seq=seq, h=last_hash)
    )
    op.create_table(
        "recipe_thresholds",
        sa.Column("recipe", sa.String(64), primary_key=True),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at", UtcDateTime, nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "recipe_fingerprints",
        sa.Column("recipe", sa.String(64), primary_key=True),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("seen_at", UtcDateTime, nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", UtcDateTime, nullable=True),
    )
    if postgres:
        for statement in _POSTGRES:
            op.execute(statement)
    else:
        for statement in _SQLITE_TRIGGERS.values():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_no_truncate ON audit")
        op.execute("DROP FUNCTION IF EXISTS audit_head_guard() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS audit_no_truncate() CASCADE")
    for table in ("login_failures", "recipe_fingerprints", "recipe_thresholds", "audit_head"):
        op.drop_table(table)
    op.drop_index("ux_audit_seq", "audit")
    for column in ("row_hash", "prev_hash", "seq"):
        op.drop_column("audit", column)
