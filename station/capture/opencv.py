"""USB/UVC cameras, video files and network streams through OpenCV's VideoCapture.

One code path for all three, so a video file written in a test exercises what a
USB camera does on the line. Live streams reconnect by themselves with
exponential backoff, treat a frozen stream (the same picture over and over, or
no picture for too long) as a disconnect, and count what happened.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from station.capture.sources import FrameSource, SourceError, StreamStats
from station.core.types import Frame
from station.inference.preprocess import ImageFormatError, as_bgr8

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


class OpenCvSource(FrameSource):
    """``usb:N``, ``video:FILE`` or an ``rtsp://`` URL; see StreamOptions for the behaviour."""

    def __init__(self, uri: str, target: int | str, options: StreamOptions) -> None:
        super().__init__(uri)
        self.target = target
        self.options = options
        self.live = options.live
        self.stats = StreamStats()
        self._capture: cv2.VideoCapture | None = None
        self._closed = threading.Event()

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
        return self.stats.to_json()

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

    def _reconnect(self) -> bool:
        """Try again with growing pauses until connected or closed; False when closed."""
        if self._capture is not None:
            self._capture.release()
            self._capture = None
        self.stats.offline_since = self.stats.offline_since or time.monotonic()
        delay = self.options.backoff_initial_s
        while not self._closed.is_set():
            log.warning("%s offline; reconnecting in %.2f s", self.uri, delay)
            if self._closed.wait(delay):
                break
            self._capture = self._connect()
            if self._capture is not None:
                self.stats.reconnects += 1
                self.stats.offline_seconds += time.monotonic() - self.stats.offline_since
                self.stats.offline_since = None
                log.info("%s reconnected", self.uri)
                return True
            delay = min(delay * 2, self.options.backoff_max_s)
        return False

    def frames(self) -> Iterator[Frame]:
        index = 0
        last_digest = b""
        repeats = 0
        last_frame_at = time.monotonic()
        pace = 1.0 / self.options.fps if (self.options.fps and isinstance(self.target, str)) else 0.0
        while not self._closed.is_set():
            capture = self._capture
            if capture is None:
                return
            ok, image = capture.read()
            if not ok or image is None:
                self.stats.failed_reads += 1
                stalled = time.monotonic() - last_frame_at > self.options.stall_timeout_s
                if not self.live or not self.options.reconnect:
                    return  # end of a file
                if stalled or not capture.isOpened() or self.stats.failed_reads % 3 == 0:
                    if not self._reconnect():
                        return
                    last_frame_at = time.monotonic()
                continue
            last_frame_at = time.monotonic()
            digest = hashlib.blake2b(np.ascontiguousarray(image[::8, ::8]).tobytes(), digest_size=8).digest()
            repeats = repeats + 1 if digest == last_digest else 0
            last_digest = digest
            if self.live and repeats >= self.options.frozen_repeats:
                self.stats.frozen_detections += 1
                repeats = 0
                if not self._reconnect():
                    return
                continue
            self.stats.frames += 1
            try:
                frame = Frame(self.uri, index, as_bgr8(image))
            except ImageFormatError as exc:
                frame = Frame(self.uri, index, None, error=f"unusable frame from {self.uri}: {exc}")
            index += 1
            yield frame
            if pace:
                time.sleep(pace)


def stream_options(params: dict[str, str], live_default: bool) -> StreamOptions:
    def number(key: str) -> float | None:
        return float(params[key]) if params.get(key) else None

    unknown = set(params) - {"width", "height", "fps", "live", "reconnect", "stall", "frozen"}
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
    )
