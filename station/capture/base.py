"""What every frame source is: the FrameSource contract, its errors and its stream counters.

A module of its own, below the sources and the registry (``sources.py``) that
imports them, so no source has to import the registry back.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from station.core.types import Frame

DEFAULT_MAX_OFFLINE_S = 300.0  # a camera gone this long ends the run (with its summary) instead of waiting forever


class SourceError(Exception):
    """A source cannot be opened at all (missing folder, unknown URI); one line for the user."""


class SourceOffline(SourceError):
    """A live source stayed offline longer than its ``max_offline_s``: raised by ``frames()`` to end the run.

    The message is one line for the operator (which source, how long, the limit). The
    source's counters are final when it is raised (``offline_s``, ``missed_offline``), so
    the pipeline can end the run normally and print its summary with this as the reason.
    """


@dataclass
class StreamStats:
    """What a live source did, for the summary and the operator's status bar."""

    frames: int = 0
    reconnects: int = 0
    failed_reads: int = 0
    frozen_detections: int = 0
    offline_seconds: float = 0.0
    offline_since: float | None = None

    def offline_s(self, now: float | None = None) -> float:
        """Time offline so far, including an outage still going on."""
        if self.offline_since is None:
            return self.offline_seconds
        return self.offline_seconds + max(0.0, (time.monotonic() if now is None else now) - self.offline_since)

    def to_json(self, now: float | None = None) -> dict[str, Any]:
        return {
            "frames": self.frames,
            "reconnects": self.reconnects,
            "failed_reads": self.failed_reads,
            "frozen_detections": self.frozen_detections,
            "offline_s": round(self.offline_s(now), 3),
        }


class FrameSource(ABC):
    """Yields frames until exhausted or closed. ``live`` sources may drop frames; file sources never do."""

    live: bool = False

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.end_reason: str | None = None  # why frames() ended early (SourceOffline's message), else None

    def open(self) -> None:  # noqa: B027 - sources without a device have nothing to acquire
        """Acquire the device or check the folder; raise SourceError if impossible."""

    def close(self) -> None:  # noqa: B027
        """Release whatever ``open`` acquired; safe to call twice."""

    def counters(self) -> dict[str, Any]:
        """What the source did (frames, reconnects, time offline ...); empty for plain files."""
        return {}

    def interrupt(self) -> None:  # noqa: B027 - finite sources end by themselves
        """Make a waiting ``frames()`` return soon; called from another thread by ``Pipeline.stop``."""

    @property
    def software_trigger(self) -> bool:
        """True when ``trigger()`` takes a picture (a GigE camera opened with ``trigger=software``)."""
        return False

    def trigger(self) -> None:
        """Ask for one picture now; callable from any thread. Sources without a software trigger refuse."""
        raise SourceError(f"{self.uri}: this source has no software trigger")

    @abstractmethod
    def frames(self) -> Iterator[Frame]:
        """Frames in delivery order; unreadable parts come as error frames, never silently skipped.

        A live source raises ``SourceOffline`` when it has been offline longer than it may be.
        """

    def __enter__(self) -> FrameSource:
        self.open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def parse_options(query: str) -> dict[str, str]:
    """``a=1&b=2`` -> {"a": "1", "b": "2"}: the options part of a source URI."""
    from urllib.parse import parse_qsl

    return dict(parse_qsl(query, keep_blank_values=True))


def parse_max_offline(params: dict[str, str], default: float | None) -> float | None:
    """The ``max_offline=S`` option in seconds (``0``: wait for ever), else ``default``."""
    text = params.get("max_offline")
    if not text:
        return default
    try:
        value = float(text)
    except ValueError as exc:
        raise SourceError(f"max_offline= takes seconds (0: wait for ever), not {text!r}") from exc
    if value < 0 or value != value:
        raise SourceError(f"max_offline= takes seconds (0: wait for ever), not {text!r}")
    return value or None
