"""Roles and what each guarded action needs: below the store, so the store's guarded writes can check them.

``station.history.auth`` (PINs, logins, users) re-exports everything here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from station.history.integrity import HistoryError


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
