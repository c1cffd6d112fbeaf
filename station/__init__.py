"""Inspection station: an AI inspection station for factory lines.

The Python API is ``station.Inspector`` (see :mod:`station.api`); it is imported on first use, so
``import station.core`` and the command line stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from station.api import Inspector

__all__ = ["Inspector"]


def __getattr__(name: str) -> Any:
    if name == "Inspector":
        from station.api import Inspector

        return Inspector
    raise AttributeError(f"module 'station' has no attribute {name!r}")
