"""Roles and PIN login: who may review, change thresholds, or manage users.

PINs are kept only as salted Argon2id hashes (argon2-cffi); every login, good
or bad, and every user change goes to the audit log.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from station.history.store import HistoryError, HistoryStore

_hasher = PasswordHasher()


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


def _check_pin(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise HistoryError("a PIN is 4 to 12 digits")


def add_user(store: HistoryStore, by: User, name: str, role: Role, pin: str, station_id: str) -> None:
    """Create a user or reset one's role and PIN (admins only; audited)."""
    by.require(MANAGE_USERS, "managing users")
    name = name.strip()
    if not name or len(name) > 64:
        raise HistoryError("a user name is 1 to 64 characters")
    _check_pin(pin)
    old = store.user_row(name)
    store.put_user(name, role.name.lower(), _hasher.hash(pin))
    store.audit(by.name, station_id, "user", name, old["role"] if old else None, role.name.lower())


def bootstrap_admin(store: HistoryStore, name: str, pin: str, station_id: str) -> None:
    """The first admin of an empty user table (refused once any user exists)."""
    if store.user_rows():
        raise PermissionDenied("users exist already: an admin must add new ones")
    _check_pin(pin)
    store.put_user(name, "admin", _hasher.hash(pin))
    store.audit(name, station_id, "user", name, None, "admin")


def login(store: HistoryStore, name: str, pin: str, station_id: str) -> User:
    """The user, if the PIN is right; every attempt is audited; PermissionDenied otherwise."""
    row = store.user_row(name)
    ok = False
    if row is not None and row["active"]:
        try:
            ok = _hasher.verify(row["pin_hash"], pin)
        except (VerificationError, InvalidHashError):
            ok = False
    store.audit(name, station_id, "login" if ok else "login_failed")
    if not ok or row is None:
        raise PermissionDenied("unknown user or wrong PIN")
    return User(name, Role.parse(row["role"]))
