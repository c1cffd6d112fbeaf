"""USB/UVC cameras, video files and network streams through OpenCV's VideoCapture.

One code path for all three, so a video file written in a test exercises what a
USB camera does on the line. Live streams reconnect by themselves with
exponential backoff, treat a frozen stream (the same picture over and over, or
no picture for too long) as a disconnect, give up after ``max_offline`` seconds,
and count what happened: all of that is ``station.capture.link``'s, shared with
the GigE source.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from station.capture.base import (
    DEFAULT_MAX_OFFLINE_S,
    FrameSource,
    SourceError,
    SourceOffline,
    StreamStats,
    parse_max_offline,
)
from station.capture.link import LinkMonitor, LinkPolicy
from station.core.types import Frame
from station.imaging.convert import ImageFormatError, as_bgr8

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StreamOptions:
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    live: bool = True
    reconnect: bool = True
    backoff_initial_s: float = 0.25
    backoff_max_s: float = 10.0
    stall_timeout_s: float = 5.0  # no frame for this long: reconnect
    frozen_repeats: int = 50  # identical frames in a row: the stream is frozen
    max_offline_s: float | None = DEFAULT_MAX_OFFLINE_S  # offline this long: frames() raises SourceOffline
    replay: bool = False  # a video file: reopening it loses no parts, so none are counted missed

    def link_policy(self) -> LinkPolicy:
        return LinkPolicy(
            backoff_initial_s=self.backoff_initial_s,
            backoff_max_s=self.backoff_max_s,
            stall_s=self.stall_timeout_s,
            frozen_repeats=self.frozen_repeats if self.live else 0,
            max_offline_s=self.max_offline_s,
            estimate_missed=not self.replay,
        )


class OpenCvSource(FrameSource):
    """``usb:N``, ``video:FILE`` or an ``rtsp://`` URL; see StreamOptions for the behaviour."""

    def __init__(self, uri: str, target: int | str, options: StreamOptions) -> None:
        super().__init__(uri)
        self.target = target
        self.options = options
        self.live = options.live
        self._capture: cv2.VideoCapture | None = None
        self._closed = threading.Event()
        self.link = LinkMonitor(uri, options.link_policy(), wait=self._closed.wait)
        self.link.nominal_fps = options.fps

    @property
    def stats(self) -> StreamStats:
        return self.link.stats

    def _connect(self) -> cv2.VideoCapture | None:
        capture = cv2.VideoCapture(self.target)
        if not capture.isOpened():
            capture.release()
            return None
        o = self.options
        if isinstance(self.target, int):
            if o.width:
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, o.width)
            if o.height:
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, o.height)
            if o.fps:
                capture.set(cv2.CAP_PROP_FPS, o.fps)
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest picture, not a stale queue
        return capture

    def counters(self) -> dict[str, Any]:
        return self.link.counters()

    def open(self) -> None:
        self._closed.clear()
        self._capture = self._connect()
        if self._capture is None:
            raise SourceError(f"cannot open {self.uri}: no such camera, file or stream")

    def interrupt(self) -> None:
        self._closed.set()

    def close(self) -> None:
        self._closed.set()
        if self._capture is not None:
            self._capture.release()
            self._capture = None

    def _try_connect(self) -> bool:
        capture = self._connect()
        if capture is None:
            return False
        if self._closed.is_set():  # closed while connecting: do not keep the device
            capture.release()
            return False
        self._capture = capture
        return True

    def _reconnect(self) -> bool:
        """Back off until connected (True) or closed (False); SourceOffline after ``max_offline_s``."""
        if self._capture is not None:
            self._capture.release()
            self._capture = None
        try:
            return self.link.reconnect(self._try_connect)
        except SourceOffline as exc:
            self.end_reason = str(exc)
            raise

    def frames(self) -> Iterator[Frame]:
        index = 0
        link = self.link
        link.started()
        pace = 1.0 / self.options.fps if (self.options.fps and isinstance(self.target, str)) else 0.0
        while not self._closed.is_set():
            capture = self._capture
            if capture is None:
                return
            ok, image = capture.read()
            if not ok or image is None:
                self.stats.failed_reads += 1
                if not self.live or not self.options.reconnect:
                    return  # end of a file
                gone = link.stalled() or not capture.isOpened() or self.stats.failed_reads % 3 == 0
                if gone and not self._reconnect():
                    return
                continue
            if self.live and link.frozen(np.ascontiguousarray(image[::8, ::8]).tobytes()):
                if not self._reconnect():
                    return
                continue
            link.delivered()
            try:
                frame = Frame(self.uri, index, as_bgr8(image))
            except ImageFormatError as exc:
                frame = Frame(self.uri, index, None, error=f"unusable frame from {self.uri}: {exc}")
            index += 1
            yield frame
            if pace:
                time.sleep(pace)


def stream_options(
    params: dict[str, str],
    live_default: bool,
    max_offline_s: float | None = DEFAULT_MAX_OFFLINE_S,
    replay: bool = False,
) -> StreamOptions:
    """The options of a ``usb:``, ``video:`` or stream URI; ``max_offline_s`` is the station's default."""

    def number(key: str) -> float | None:
        try:
            return float(params[key]) if params.get(key) else None
        except ValueError as exc:
            raise SourceError(f"{key}= takes a number, not {params[key]!r}") from exc

    unknown = set(params) - {"width", "height", "fps", "live", "reconnect", "stall", "frozen", "max_offline"}
    if unknown:
        raise SourceError(f"unknown source options: {', '.join(sorted(unknown))}")
    width, height, fps = number("width"), number("height"), number("fps")
    return StreamOptions(
        width=int(width) if width else None,
        height=int(height) if height else None,
        fps=fps,
        live=params.get("live", "1" if live_default else "0") == "1",
        reconnect=params.get("reconnect", "1") == "1",
        stall_timeout_s=number("stall") or 5.0,
        frozen_repeats=int(number("frozen") or 50),
        max_offline_s=parse_max_offline(params, max_offline_s),
        replay=replay,
    )
