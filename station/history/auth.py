"""Roles and PIN login: who may review, change thresholds, or manage users.

PINs are kept only as salted Argon2id hashes (argon2-cffi); every login, good
or bad, every lockout and every user change goes to the audit log. Failed PINs
are counted in the database, so a lockout holds across processes and restarts;
trivial PINs (0000, 1111, 1234, 9876, 1212) are refused when set.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from station.history.store import HistoryError, HistoryStore

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-pin")  # verified for unknown users, so a wrong name costs the same time


@dataclass(frozen=True)
class PinPolicy:
    """How PINs are checked; the defaults are the ``history:`` settings' defaults."""

    min_length: int = 4
    max_failures: int = 5  # consecutive wrong PINs that lock the user ...
    lockout_s: float = 300.0  # ... for this long
    failure_delay_s: float = 0.5  # every refused login takes at least this long

    @classmethod
    def from_settings(cls, settings: object) -> PinPolicy:
        """From ``StationConfig.history`` (any object with the ``pin_*`` fields)."""
        return cls(
            int(getattr(settings, "pin_min_length", cls.min_length)),
            int(getattr(settings, "pin_max_failures", cls.max_failures)),
            float(getattr(settings, "pin_lockout_s", cls.lockout_s)),
            float(getattr(settings, "pin_failure_delay_s", cls.failure_delay_s)),
        )


DEFAULT_POLICY = PinPolicy()


class Role(enum.IntEnum):
    """Ordered: each role may do what the ones below it may."""

    OPERATOR = 0
    QA = 1
    SUPERVISOR = 2
    ADMIN = 3

    @classmethod
    def parse(cls, name: str) -> Role:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise HistoryError(
                f"unknown role {name!r}; choose one of {', '.join(r.name.lower() for r in cls)}"
            ) from None


# What each guarded action needs.
REVIEW = Role.QA
CHANGE_THRESHOLD = Role.QA
CHANGE_RECIPE = Role.QA
MANAGE_USERS = Role.ADMIN


class PermissionDenied(HistoryError):
    """The signed-in user's role does not allow this."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role

    def require(self, needed: Role, what: str) -> None:
        if self.role < needed:
            raise PermissionDenied(
                f"{what} needs the {needed.name.lower()} role or above; {self.name} is {self.role.name.lower()}"
            )


OPERATOR = User("operator", Role.OPERATOR)  # the operator view needs no login


def trivial_pin(pin: str) -> bool:
    """One digit repeated (0000), a pair repeated (1212), or a run up or down (1234, 9876, 8901)."""
    digits = [int(c) for c in pin]
    steps = {(b - a) % 10 for a, b in itertools.pairwise(digits)}
    return len(set(pin)) == 1 or steps in ({1}, {9}) or (len(set(pin)) == 2 and pin == pin[:2] * (len(pin) // 2))


def check_pin(pin: str, policy: PinPolicy = DEFAULT_POLICY) -> None:
    """Refuse a PIN that is not digits, too short or long, or trivial to guess."""
    if not (pin.isascii() and pin.isdigit() and policy.min_length <= len(pin) <= 12):
        raise HistoryError(f"a PIN is {policy.min_length} to 12 digits")
    if trivial_pin(pin):
        raise HistoryError(
            "that PIN is too easy to guess (a repeated digit or pair, or a run like 1234): choose another"
        )


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64:
        raise HistoryError("a user name is 1 to 64 characters")
    return name


def add_user(
    store: HistoryStore, by: User, name: str, role: Role, pin: str, station_id: str, policy: PinPolicy = DEFAULT_POLICY
) -> None:
    """Create a user or reset one's role and PIN (admins only; audited in the same transaction)."""
    by.require(MANAGE_USERS, "managing users")
    name = _check_name(name)
    check_pin(pin, policy)
    old = store.user_row(name)
    entry = {
        "user": by.name,
        "station_id": station_id,
        "action": "user",
        "target": name,
        "old_value": old["role"] if old else None,
        "new_value": role.name.lower(),
    }
    store.put_user(name, role.name.lower(), _hasher.hash(pin), entry)


def bootstrap_admin(
    store: HistoryStore, name: str, pin: str, station_id: str, policy: PinPolicy = DEFAULT_POLICY
) -> None:
    """The first admin: refused once any user exists, or once the audit log shows users were ever created."""
    if store.user_rows():
        raise PermissionDenied("users exist already: an admin must add new ones")
    name = _check_name(name)
    check_pin(pin, policy)
    try:
        store.bootstrap_user(name, _hasher.hash(pin), station_id)
    except HistoryError as exc:
        raise PermissionDenied(str(exc)) from exc


def login(store: HistoryStore, name: str, pin: str, station_id: str, policy: PinPolicy = DEFAULT_POLICY) -> User:
    """The user, if the PIN is right; PermissionDenied otherwise.

    Every attempt is audited; after ``policy.max_failures`` wrong PINs in a row the user is locked
    for ``policy.lockout_s`` (no PIN is even checked meanwhile); a refusal takes at least
    ``policy.failure_delay_s``, whether the name exists or not.
    """
    started = time.monotonic()

    def refuse(message: str) -> PermissionDenied:
        time.sleep(max(0.0, policy.failure_delay_s - (time.monotonic() - started)))
        return PermissionDenied(message)

    until = store.locked_until(name)
    if until is not None:
        store.audit(name, station_id, "login_refused_locked", name)
        raise refuse(f"{name} is locked after {policy.max_failures} wrong PINs; try again {_in(until)}")
    row = store.user_row(name)
    ok = False
    try:
        if row is not None and row["active"]:
            ok = _hasher.verify(row["pin_hash"], pin)
        else:
            _hasher.verify(_DUMMY_HASH, pin)
    except (VerificationError, InvalidHashError):
        ok = False
    locked = store.record_login(name, ok, station_id, policy.max_failures, policy.lockout_s)
    if locked is not None:
        raise refuse(f"unknown user or wrong PIN; {name} is now locked, try again {_in(locked)}")
    if not ok or row is None:
        raise refuse("unknown user or wrong PIN")
    return User(name, Role.parse(row["role"]))


def _in(until: dt.datetime) -> str:
    seconds = max(0, round((until - dt.datetime.now(dt.UTC)).total_seconds()))
    return f"in {seconds // 60} min {seconds % 60} s"
