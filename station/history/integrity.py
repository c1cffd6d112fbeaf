"""The audit log's hash chain: appending an entry and checking that none was removed, changed or slipped in.

Each audit row holds ``seq`` (its place in the chain), ``prev_hash`` (the row
before's hash) and ``row_hash`` = SHA-256 of ``prev_hash`` + the row's
canonical content. The single ``audit_head`` row holds the chain's length and
last hash and is updated in the same transaction, so emptying or cutting the
audit table alone shows. Writers take the head's lock first (SQLite: ``BEGIN
IMMEDIATE``; PostgreSQL: ``SELECT ... FOR UPDATE``), so concurrent stations
keep one valid chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, text

from station.history.schema import audit, audit_head

GENESIS = "0" * 64


class HistoryError(Exception):
    """The history database cannot do what was asked; the message says why."""


SQLITE_TRIGGERS = ("audit_no_update", "audit_no_delete", "audit_head_no_delete", "audit_head_no_rewind")
POSTGRES_TRIGGERS = {
    "audit": ("audit_append_only", "audit_no_truncate"),
    "audit_head": ("audit_head_guard", "audit_head_no_truncate"),
}


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(row: Mapping[str, Any]) -> bytes:
    """The bytes a row's hash covers: every field a reader relies on, in a fixed order (version 1)."""
    fields = [
        row["seq"],
        _iso(row["at"]),
        row["user"],
        row["station_id"],
        row["action"],
        row["target"],
        row["old_value"],
        row["new_value"],
    ]
    return json.dumps(fields, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def chain_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(row)).hexdigest()


def lock_head(connection: Connection) -> tuple[int, str]:
    """(seq, last hash) of the chain, locked until the transaction ends."""
    query = select(audit_head.c.seq, audit_head.c.last_hash).where(audit_head.c.id == 1)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    if row is None:  # the migration creates it; a deleted head is refused by its trigger
        raise HistoryError("the audit chain's head row is missing: the audit log was tampered with (history verify)")
    return int(row.seq), str(row.last_hash)


def append(connection: Connection, entry: Mapping[str, Any]) -> None:
    """Append one entry (at, user, station_id, action, target, old_value, new_value) to the chain.

    The caller's transaction must already hold the write lock (see HistoryStore.transaction).
    """
    seq, last_hash = lock_head(connection)
    values = {
        "at": entry["at"],
        "user": entry["user"],
        "station_id": entry["station_id"],
        "action": entry["action"],
        "target": entry.get("target"),
        "old_value": entry.get("old_value"),
        "new_value": entry.get("new_value"),
        "seq": seq + 1,
        "prev_hash": last_hash,
    }
    # The hash covers the time as the database will give it back: microseconds, UTC.
    values["at"] = values["at"].astimezone(dt.UTC)
    values["row_hash"] = chain_hash(last_hash, values)
    connection.execute(audit.insert().values(**values))
    connection.execute(
        audit_head.update().where(audit_head.c.id == 1).values(seq=seq + 1, last_hash=values["row_hash"])
    )


@dataclass(frozen=True)
class AuditCheck:
    """What ``station history verify`` reports: OK, or each problem with the row it concerns."""

    ok: bool
    rows: int
    problems: tuple[str, ...]
    last: tuple[int, str] | None = None  # (seq, row_hash) of the last row checked: where the next check may resume
    walked: int = 0  # rows whose hash this check recomputed (all of them, or those after the resume point)

    @property
    def message(self) -> str:
        if self.ok:
            return f"audit log OK: {self.rows} entries, chain and append-only triggers intact"
        return f"audit log NOT intact ({self.rows} entries): " + "; ".join(self.problems)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "problems": list(self.problems)}


def trigger_problems(connection: Connection) -> list[str]:
    """The append-only triggers that are missing (SQLite: dropped) or disabled (PostgreSQL)."""
    if connection.dialect.name == "sqlite":
        present = {r[0] for r in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        return [f"trigger {name} is missing (dropped)" for name in SQLITE_TRIGGERS if name not in present]
    problems = []
    for table, names in POSTGRES_TRIGGERS.items():
        rows = connection.execute(
            text(
                "SELECT t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = :table AND c.relnamespace = to_regnamespace(current_schema())::oid"
            ),
            {"table": table},
        )
        state = {str(name): str(enabled) for name, enabled in rows}
        for name in names:
            if name not in state:
                problems.append(f"trigger {name} on {table} is missing (dropped)")
            elif state[name] == "D":
                problems.append(f"trigger {name} on {table} is disabled")
    return problems


def verify(connection: Connection, resume: tuple[int, str] | None = None) -> AuditCheck:
    """Walk the chain; name each row removed, changed or inserted outside the station.

    ``resume`` = (seq, row_hash) of a row an earlier check of this process found intact: only
    the rows after it are re-hashed, and that row must still carry that hash. Rows removed
    anywhere, rows slipped in without a chain hash, the head and the triggers are still checked
    in full; a changed row before ``resume`` is found by the next full walk
    (``station history verify``, every new process).
    """
    problems = trigger_problems(connection)
    head = connection.execute(select(audit_head.c.seq, audit_head.c.last_hash).where(audit_head.c.id == 1)).first()
    query = select(audit).order_by(audit.c.seq.is_(None), audit.c.seq, audit.c.id)
    expected_seq, prev = 1, GENESIS
    if resume is not None:
        anchor = connection.execute(select(audit.c.row_hash).where(audit.c.seq == resume[0])).scalar_one_or_none()
        if anchor != resume[1]:
            return verify(connection)  # the row checked last time changed or went: the full walk names it
        query = query.where((audit.c.seq > resume[0]) | audit.c.seq.is_(None))
        expected_seq, prev = resume[0] + 1, resume[1]
    rows = list(connection.execute(query))
    for row in rows:
        m: Mapping[str, Any] = dict(row._mapping)
        if m["seq"] is None or m["row_hash"] is None:
            problems.append(f"row id {m['id']} ({m['action']}) was inserted outside the station: it has no chain hash")
            continue
        seq = int(m["seq"])
        if seq > expected_seq:
            missing = f"seq {expected_seq}" if seq == expected_seq + 1 else f"seq {expected_seq} to {seq - 1}"
            problems.append(f"{seq - expected_seq} row(s) removed ({missing}, before row id {m['id']})")
        elif m["prev_hash"] != prev:
            problems.append(
                f"row id {m['id']} (seq {seq}) does not link to the row before: that row was changed, "
                "or this one inserted"
            )
        if chain_hash(str(m["prev_hash"]), m) != m["row_hash"]:
            problems.append(
                f"row id {m['id']} (seq {seq}, {m['action']}) was changed: its content does not match its hash"
            )
        prev, expected_seq = str(m["row_hash"]), seq + 1
    last_seq = expected_seq - 1
    chained = connection.execute(select(func.count()).select_from(audit).where(audit.c.seq.is_not(None))).scalar_one()
    if resume is not None and head is not None and chained != last_seq and int(head.seq) == last_seq:
        problems.append(f"{last_seq - chained} row(s) removed from the chain before seq {resume[0] + 1}")
    if head is None:
        problems.append("the chain's head row was deleted")
    elif chained == 0 and int(head.seq) > 0:
        problems.append(f"the audit table was emptied: the chain's head counts {int(head.seq)} entries")
    elif int(head.seq) > last_seq:
        problems.append(
            f"the last {int(head.seq) - last_seq} row(s) were removed (seq {last_seq + 1} to {int(head.seq)})"
        )
    elif int(head.seq) < last_seq:
        problems.append(f"rows after seq {int(head.seq)} were inserted outside the station (the head was not moved)")
    elif head.last_hash != prev:
        problems.append(f"the last row (seq {last_seq}) was changed or re-hashed: it does not match the chain's head")
    total = chained + sum(1 for r in rows if r.seq is None)
    return AuditCheck(not problems, total, tuple(problems), (last_seq, prev) if last_seq else None, len(rows))
