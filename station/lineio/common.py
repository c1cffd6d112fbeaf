"""What every line peer shares: the station's state as the line sees it, peer status, an asyncio thread."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from station.lineio.handshake import Handshake

log = logging.getLogger(__name__)
T = TypeVar("T")

STATES = ("preoperational", "running", "stopped", "error", "halted")


class LineHost(Protocol):
    """What the run session offers the line: the few things a PLC or SCADA may ask of the station."""

    def start_run(self) -> None: ...
    def stop_run(self) -> None: ...
    def select_recipe(self, name: str) -> None: ...
    def recipes(self) -> list[str]: ...
    def current_recipe(self) -> str: ...
    def fire_trigger(self) -> bool:
        """Ask the source for one picture; False when the source runs free (the next picture is used)."""
        ...

    def authenticate(self, user: str, pin: str) -> str | None:
        """The user's role name (e.g. "qa"), or None when the user or PIN is wrong."""
        ...


@dataclass
class StationView:
    """The station's state as the run session last reported it (on_state)."""

    station_id: str
    state: str = "preoperational"
    recipe: str = ""
    source: str = ""
    counters: dict[str, Any] = field(default_factory=dict)
    heartbeat: int = 0


@dataclass
class PeerStatus:
    """One interface's health, for the app's status panel."""

    name: str
    connected: bool = False
    peers: int = 0  # clients connected to a server
    outages: int = 0  # times a connection was lost while the station ran
    sent: int = 0
    queued: int = 0
    last_error: str = ""
    detail: dict[str, Any] = field(default_factory=dict)  # e.g. the OPC UA nodeset's import time

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "detail": dict(self.detail)}


class LinePeer(Protocol):
    status: PeerStatus

    def start(self) -> None: ...
    def close(self) -> None: ...
    def state_changed(self) -> None: ...


class PeerContext:
    """Handed to each peer: the handshake, the station view, and how to reach the host safely."""

    def __init__(self, handshake: Handshake, view: StationView, host: LineHost, fire: Any) -> None:
        self.handshake = handshake
        self.view = view
        self.host = host
        self.fire = fire  # fire(source, part_id) -> part id or None: opens a part and asks for its picture


class LoopThread:
    """An asyncio loop on a daemon thread, so a peer's network work never runs on the caller's thread."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()
        pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.close()

    def submit(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return self.submit(coro).result(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout)
