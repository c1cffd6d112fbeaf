"""The store's guarded writes: the hash-chained audit log, thresholds that stick, recipe fingerprints,
the first admin and PIN failures. A mixin of HistoryStore, kept apart so each file stays readable.

Every write here runs in :meth:`AuditedStore.transaction`, which holds the
database's write lock from its first statement, and writes its audit entry in
that same transaction: a change is never stored without its entry, or the reverse.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, delete, select

from station.core.recipe import SAFE_NAME
from station.history import integrity
from station.history.integrity import AuditCheck, HistoryError
from station.history.roles import CHANGE_THRESHOLD, User
from station.history.schema import audit, login_failures, recipe_fingerprints, recipe_thresholds, users

log = logging.getLogger(__name__)
_VERIFIED: dict[str, tuple[int, str]] = {}  # database -> (seq, hash) of the last row this process found intact


class AuditedStore:
    """Guarded writes for a store that has an ``engine`` and a ``dialect``."""

    engine: Engine
    dialect: str

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction that holds the database's write lock from its first statement.

        SQLite: ``BEGIN IMMEDIATE`` (waits for other writers, never fails half-way on a lock upgrade);
        PostgreSQL: an ordinary transaction, the audit head's row lock serialises audit writers.
        """
        with self.engine.connect() as connection:
            if self.dialect == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    @staticmethod
    def append_audit(
        connection: Connection,
        user: str,
        station_id: str,
        action: str,
        target: str | None = None,
        old_value: object = None,
        new_value: object = None,
        at: dt.datetime | None = None,
    ) -> None:
        """Append one chained entry inside the caller's :meth:`transaction`."""
        integrity.append(
            connection,
            {
                "at": at or dt.datetime.now(dt.UTC),
                "user": user,
                "station_id": station_id,
                "action": action,
                "target": target,
                "old_value": None if old_value is None else str(old_value),
                "new_value": None if new_value is None else str(new_value),
            },
        )

    def audit(
        self,
        user: str,
        station_id: str,
        action: str,
        target: str | None = None,
        old_value: object = None,
        new_value: object = None,
        at: dt.datetime | None = None,
    ) -> None:
        """Append one entry to the hash-chained audit log (the table refuses updates and deletes)."""
        with self.transaction() as connection:
            self.append_audit(connection, user, station_id, action, target, old_value, new_value, at)

    def verify_audit(self, full: bool = True) -> AuditCheck:
        """Check the audit chain and that its append-only triggers are in place.

        ``full=False`` (each recipe load of a long-running station) re-hashes only the rows added
        since this process last found the chain intact: a start stays fast on a year of reviews,
        while every new process and ``station history verify`` walk the whole chain.
        """
        key = self.engine.url.render_as_string(hide_password=True)
        resume = None if full else _VERIFIED.get(key)
        with self.engine.connect() as connection:
            check = integrity.verify(connection, resume)
        if check.ok and check.last is not None:
            _VERIFIED[key] = check.last
        else:
            _VERIFIED.pop(key, None)
        return check

    # -- thresholds and recipes --------------------------------------------------------------

    def recipe_threshold(self, recipe: str) -> float | None:
        """The operating threshold a QA lead set for ``recipe``, or None (then the recipe's own applies).

        Refused when the stored value is not the one the audit log last recorded (edited outside the app).
        """
        with self.engine.connect() as connection:
            stored = connection.execute(
                select(recipe_thresholds.c.threshold).where(recipe_thresholds.c.recipe == recipe)
            ).scalar_one_or_none()
            audited = connection.execute(
                select(audit.c.new_value)
                .where(audit.c.action == "threshold_set", audit.c.target == recipe)
                .order_by(audit.c.seq.desc())
                .limit(1)
            ).scalar_one_or_none()
        if stored is None and audited is None:
            return None
        if stored is None or audited is None or _number(audited) != float(stored):
            raise HistoryError(
                f"the stored threshold of recipe {recipe!r} ({stored}) is not the one the audit log recorded "
                f"({audited}): it was changed outside the station; a QA lead must set it again"
            )
        return float(stored)

    def set_recipe_threshold(self, recipe: str, value: float, user: User, station_id: str) -> float | None:
        """Store ``recipe``'s operating threshold (QA role and above), audited in the same transaction.

        Returns the threshold it replaces (None when none was stored).
        """
        user.require(CHANGE_THRESHOLD, "changing the threshold")
        if not SAFE_NAME.match(recipe):
            raise HistoryError(f"{recipe!r} is not a recipe name (letters, digits, '-', '_', '.'; up to 64)")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise HistoryError(f"a threshold is a number from 0 to 1, got {value!r}")
        if not 0.0 <= value <= 1.0:
            raise HistoryError(f"a threshold is a number from 0 to 1, got {value}")
        now = dt.datetime.now(dt.UTC)
        row = {"threshold": float(value), "set_by": user.name, "set_at": now, "station_id": station_id}
        with self.transaction() as connection:
            old = connection.execute(
                select(recipe_thresholds.c.threshold).where(recipe_thresholds.c.recipe == recipe)
            ).scalar_one_or_none()
            if old is None:
                connection.execute(recipe_thresholds.insert().values(recipe=recipe, **row))
            else:
                connection.execute(recipe_thresholds.update().where(recipe_thresholds.c.recipe == recipe).values(**row))
            self.append_audit(connection, user.name, station_id, "threshold_set", recipe, old, float(value), now)
        return None if old is None else float(old)

    def note_recipe_at_start(self, recipe_name: str, fingerprint: Mapping[str, Any], station_id: str) -> list[str]:
        """Compare ``fingerprint`` with the one seen at the last start; audit and return what changed.

        The first start with a recipe records its fingerprint (audited as ``recipe_first_seen``) and
        returns []. A difference is audited as ``recipe_changed_outside`` with one line per change.
        """
        text_now = json.dumps(fingerprint, sort_keys=True)
        now = dt.datetime.now(dt.UTC)
        table = recipe_fingerprints
        with self.transaction() as connection:
            previous = connection.execute(
                select(table.c.fingerprint).where(table.c.recipe == recipe_name)
            ).scalar_one_or_none()
            if previous == text_now:
                return []
            values = {"fingerprint": text_now, "seen_at": now, "station_id": station_id}
            if previous is None:
                connection.execute(table.insert().values(recipe=recipe_name, **values))
                self.append_audit(connection, "station", station_id, "recipe_first_seen", recipe_name, None, text_now)
                return []
            changes = _fingerprint_changes(json.loads(previous), dict(fingerprint))
            connection.execute(table.update().where(table.c.recipe == recipe_name).values(**values))
            summary = "recipe changed outside the app: " + "; ".join(changes)
            self.append_audit(
                connection, "station", station_id, "recipe_changed_outside", recipe_name, previous, summary
            )
        log.warning("recipe %s: %s", recipe_name, summary)
        return changes

    # -- PIN failures ------------------------------------------------------------------------

    def locked_until(self, name: str) -> dt.datetime | None:
        """When ``name``'s lockout ends, if it is locked now."""
        with self.engine.connect() as connection:
            until = connection.execute(
                select(login_failures.c.locked_until).where(login_failures.c.name == name)
            ).scalar_one_or_none()
        return until if until is not None and until > dt.datetime.now(dt.UTC) else None

    def record_login(
        self, name: str, ok: bool, station_id: str, max_failures: int, lockout_s: float
    ) -> dt.datetime | None:
        """Audit one login attempt and count failures; returns the lockout's end when this one locked the user."""
        now = dt.datetime.now(dt.UTC)
        with self.transaction() as connection:
            row = connection.execute(select(login_failures).where(login_failures.c.name == name)).first()
            if ok:
                if row is not None:
                    connection.execute(delete(login_failures).where(login_failures.c.name == name))
                self.append_audit(connection, name, station_id, "login", at=now)
                return None
            failures = (int(row.failures) if row is not None else 0) + 1
            until = None
            if failures >= max_failures:
                until, failures = now + dt.timedelta(seconds=lockout_s), 0
            values = {"failures": failures, "locked_until": until}
            if row is None:
                connection.execute(login_failures.insert().values(name=name, **values))
            else:
                connection.execute(login_failures.update().where(login_failures.c.name == name).values(**values))
            self.append_audit(connection, name, station_id, "login_failed", at=now)
            if until is not None:
                self.append_audit(
                    connection, name, station_id, "login_lockout", name, None, f"locked until {until.isoformat()}", now
                )
        return until

    def bootstrap_user(self, name: str, pin_hash: str, station_id: str) -> None:
        """The first admin, only while there are no users AND the audit log has no user history.

        Deleting every user leaves the audit's ``user`` entries, so it no longer opens the door to a
        new admin without an admin PIN; an emptied or broken audit log refuses it too.
        """
        check = self.verify_audit()
        with self.transaction() as connection:
            if connection.execute(select(users.c.name).limit(1)).first() is not None:
                raise HistoryError("users exist already: an admin must add new ones")
            if connection.execute(select(audit.c.id).where(audit.c.action == "user").limit(1)).first() is not None:
                raise HistoryError(
                    "the audit log shows users were created before, but the user table is empty: "
                    "refusing to create a first admin without an admin's PIN (restore the users from a backup)"
                )
            if not check.ok:
                raise HistoryError(f"refusing to create a first admin: {check.message}")
            connection.execute(
                users.insert().values(
                    name=name, role="admin", pin_hash=pin_hash, active=1, created_at=dt.datetime.now(dt.UTC)
                )
            )
            self.append_audit(connection, name, station_id, "user", name, None, "admin")


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _fingerprint_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One readable line per setting or model file that differs."""
    changes = []
    old_models, new_models = old.pop("models", {}) or {}, new.pop("models", {}) or {}
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            changes.append(f"{key} {old.get(key)!r} -> {new.get(key)!r}")
    for name in sorted(set(old_models) | set(new_models)):
        before, after = old_models.get(name), new_models.get(name)
        if before != after:
            changes.append(f"{name} sha256 {str(before)[:12]} -> {str(after)[:12]}")
    return changes
