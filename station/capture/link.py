"""Keeping a live camera's link: reconnect with backoff, stalls, frozen streams, time offline, parts missed.

One helper for every live source (OpenCV's USB cameras and streams, GigE
Vision), so they back off, give up and count the same way. It never touches a
device: the source hands it a ``connect`` callable and reports each frame. The
clock and the wait are injected, so the policy is tested without sleeping.

While a camera is offline the parts passing on the line are estimated from the
last known frame rate (the camera's own, or the rate frames arrived at) and
shown as ``missed_offline`` as the outage goes on, not only once it ends. After
``max_offline_s`` without a picture the source gives up with ``SourceOffline``,
so a run against a camera that never returns ends with its summary.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from station.capture.base import DEFAULT_MAX_OFFLINE_S, SourceOffline, StreamStats

log = logging.getLogger(__name__)

RATE_WINDOW = 32  # frame arrivals the measured rate is taken over


@dataclass(frozen=True)
class LinkPolicy:
    """How a live source treats its link; the defaults suit a camera on a line."""

    backoff_initial_s: float = 0.25
    backoff_max_s: float = 10.0
    stall_s: float = 5.0  # no frame for this long: treat the camera as gone
    frozen_repeats: int = 50  # the same picture this many times in a row: frozen (0: never checked)
    max_offline_s: float | None = DEFAULT_MAX_OFFLINE_S  # then give up (None: wait for ever)
    estimate_missed: bool = True  # free-running cameras: parts pass while offline; replays and triggers: none


def backoff_delays(initial_s: float, max_s: float) -> Iterator[float]:
    """``initial_s``, then doubling, capped at ``max_s``: the pauses between reconnection attempts."""
    delay = initial_s
    while True:
        yield delay
        delay = min(delay * 2, max_s)


class LinkMonitor:
    """The link state of one live source; ``frames()`` reports to it, ``counters()`` reads it from any thread."""

    def __init__(
        self,
        uri: str,
        policy: LinkPolicy,
        wait: Callable[[float], bool],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``wait(seconds)`` pauses and returns True when the source was closed meanwhile (``Event.wait``)."""
        self.uri = uri
        self.policy = policy
        self.stats = StreamStats()
        self.nominal_fps: float | None = None  # the rate the camera says it runs at, if it says
        self._wait = wait
        self._clock = clock
        self._lock = threading.Lock()
        self._missed_settled = 0
        self._last_good = clock()
        self._arrivals: deque[float] = deque(maxlen=RATE_WINDOW)
        self._digest = b""
        self._repeats = 0

    # --- while connected ------------------------------------------------------------
    def started(self) -> None:
        """``frames()`` begins: time since the last frame counts from now."""
        self._last_good = self._clock()
        self._digest, self._repeats = b"", 0

    def delivered(self) -> None:
        """A good picture arrived and is passed on."""
        now = self._clock()
        self._last_good = now
        self._arrivals.append(now)
        self.stats.frames += 1

    def idle(self) -> None:
        """Nothing is expected now (waiting for a trigger): not a stall."""
        self._last_good = self._clock()

    def stalled(self) -> bool:
        """No picture for longer than ``stall_s``."""
        return self._clock() - self._last_good > self.policy.stall_s

    def frozen(self, sample: bytes) -> bool:
        """Feed a picture's bytes (a sample of them is enough); True once the same one came ``frozen_repeats``
        times in a row, which is counted: the caller reconnects."""
        if self.policy.frozen_repeats <= 0:
            return False
        digest = hashlib.blake2b(sample, digest_size=8).digest()
        self._repeats = self._repeats + 1 if digest == self._digest else 0
        self._digest = digest
        if self._repeats < self.policy.frozen_repeats:
            return False
        self._repeats = 0
        self.stats.frozen_detections += 1
        return True

    def rate(self) -> float | None:
        """Frames per second: the camera's own figure, else the rate the last frames arrived at."""
        if self.nominal_fps:
            return self.nominal_fps
        if len(self._arrivals) >= 2 and self._arrivals[-1] > self._arrivals[0]:
            return (len(self._arrivals) - 1) / (self._arrivals[-1] - self._arrivals[0])
        return None

    # --- offline ----------------------------------------------------------------------
    def lost(self, since_last_frame: bool = True) -> None:
        """The source noticed the camera is gone: the outage (and its missed parts) counts from now on.

        Called before a release that may itself take seconds (a GigE camera that no longer
        answers), so the counters show the outage while that goes on. ``reconnect`` calls it too.
        """
        with self._lock:
            if self.stats.offline_since is None:
                self.stats.offline_since = self._last_good if since_last_frame else self._clock()

    def reconnect(self, connect: Callable[[], bool], since_last_frame: bool = True) -> bool:
        """Call ``connect`` with growing pauses until it returns True (True) or the source is closed (False).

        ``connect`` returns False or raises when the camera is still away. The outage counts from
        the last good picture (``since_last_frame``) or from now (a triggered camera's silence is
        no outage). Raises SourceOffline once it has lasted ``max_offline_s``; that is checked between
        attempts, so an attempt that hangs adds its own time to the outage.
        """
        self.lost(since_last_frame)
        start = self.stats.offline_since
        assert start is not None
        limit = self.policy.max_offline_s
        for delay in backoff_delays(self.policy.backoff_initial_s, self.policy.backoff_max_s):
            offline = self._clock() - start
            if limit and offline >= limit:
                self._settle(start)
                raise SourceOffline(
                    f"{self.uri} has been offline for {offline:.1f} s (max_offline {limit:g} s): the run ends"
                )
            pause = min(delay, limit - offline) if limit else delay
            log.warning("%s offline for %.1f s; next connection attempt in %.2f s", self.uri, offline, pause)
            if self._wait(pause):
                self._settle(start)
                return False
            try:
                connected = connect()
            except Exception as exc:  # a device that is away fails in its own ways; all mean "not yet"
                log.info("%s still offline: %s", self.uri, exc)
                connected = False
            if connected:
                self._settle(start)
                self.stats.reconnects += 1
                self.started()
                log.info("%s reconnected after %.1f s", self.uri, self._clock() - start)
                return True
        raise AssertionError("unreachable: backoff_delays never ends")

    def _settle(self, start: float) -> None:
        """An outage ended (or the run did): its time and its missed parts become final."""
        with self._lock:
            duration = max(0.0, self._clock() - start)
            self._missed_settled += self._estimate(duration)
            self.stats.offline_seconds += duration
            self.stats.offline_since = None

    def _estimate(self, offline_s: float) -> int:
        rate = self.rate() if self.policy.estimate_missed else None
        return round(offline_s * rate) if rate else 0

    @property
    def missed_offline(self) -> int:
        """Parts estimated to have passed while offline, the outage going on included."""
        with self._lock:
            since = self.stats.offline_since
            ongoing = self._estimate(self._clock() - since) if since is not None else 0
            return self._missed_settled + ongoing

    @property
    def offline(self) -> bool:
        return self.stats.offline_since is not None

    def counters(self) -> dict[str, Any]:
        """The stream counters with ``missed_offline``, consistent with each other at one instant."""
        missed = self.missed_offline
        with self._lock:
            return {**self.stats.to_json(self._clock()), "missed_offline": missed}
