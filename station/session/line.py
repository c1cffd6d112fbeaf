"""The line interfaces (PLC, remote I/O, OPC UA, MQTT) as the run session's hosts see them.

A :class:`~station.lineio.LineIo` outlives single runs: the PLC's connection and the
OPC UA server stay up while the station is stopped (OPC UA can start it again), so
the app's runner or the ``inspect`` command owns it and hands it to each run. The
line asks its host for a few things (start, stop, a recipe, a picture, who a user
is); the helpers here answer them from the station's own settings and history.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from station.core.config import StationConfig
from station.core.paths import user_data_dir
from station.history.auth import login
from station.history.store import HistoryError, HistoryStore
from station.lineio import LineHost, LineIo

log = logging.getLogger(__name__)


def open_line(config: StationConfig, host: LineHost) -> LineIo | None:
    """Start what ``line_io`` in the settings names; None when it names nothing. Raises LineIoError."""
    if config.line_io is None:
        return None
    folder = (config.history.data_dir or user_data_dir()) / "line_io"
    line = LineIo(config.line_io, config.station_id, host, data_dir=folder)
    line.start()
    return line


def history_authenticator(config: StationConfig, db: str | None = None) -> Callable[[str, str], str | None]:
    """``authenticate(user, pin) -> role`` against the history's users (PIN policy and lockout included)."""
    chosen = db if db is not None else config.history.db
    url = None if chosen in (None, "default") else chosen

    def authenticate(user: str, pin: str) -> str | None:
        try:
            store = HistoryStore(url)
        except HistoryError as exc:
            log.warning("line login of %s refused: history unreachable: %s", user, exc)
            return None
        try:
            return login(store, user, pin, config.station_id).role.name.lower()
        except HistoryError as exc:  # wrong PIN, locked, unknown user: the reason is audited by login
            log.info("line login of %s refused: %s", user, exc)
            return None
        finally:
            store.close()

    return authenticate


class FixedRunHost:
    """The host of a run that was started from a shell: one recipe, stop ends the command."""

    def __init__(
        self, recipe: str, authenticate: Callable[[str, str], str | None], on_stop: Callable[[], None]
    ) -> None:
        self.recipe = recipe
        self._authenticate = authenticate
        self._on_stop = on_stop
        self.trigger: Callable[[], bool] = lambda: False

    def start_run(self) -> None:
        log.info("the line asked to start: this run is already going")

    def stop_run(self) -> None:
        self._on_stop()

    def select_recipe(self, name: str) -> None:
        if name != self.recipe:
            raise ValueError(f"`station inspect` runs recipe {self.recipe!r} only; restart it with --recipe {name}")

    def recipes(self) -> list[str]:
        return [self.recipe]

    def current_recipe(self) -> str:
        return self.recipe

    def fire_trigger(self) -> bool:
        return self.trigger()

    def authenticate(self, user: str, pin: str) -> str | None:
        return self._authenticate(user, pin)


def known_recipes(root: Path) -> list[str]:
    """Recipe names under ``root`` (folders holding a recipe.yaml)."""
    return sorted(p.parent.name for p in root.glob("*/recipe.yaml"))
