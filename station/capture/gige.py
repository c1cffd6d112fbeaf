"""GigE Vision cameras through Aravis (PyGObject).

Delivery is set up for reliability: the stream's socket buffer is sized
automatically, the packet size is negotiated with the camera, and incomplete
buffers (missing packets, timeouts) are counted and requeued rather than
handed on as half pictures. Gaps in the camera's frame ids count frames the
network lost. When the camera goes away the source reconnects with backoff and
estimates, from the frame rate, how many parts passed while it was offline.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from station.capture.sources import FrameSource, SourceError, StreamStats
from station.core.types import Frame
from station.inference.preprocess import as_bgr8

log = logging.getLogger(__name__)

BAYER_TO_BGR = {
    "BayerRG8": cv2.COLOR_BayerRG2BGR,
    "BayerBG8": cv2.COLOR_BayerBG2BGR,
    "BayerGR8": cv2.COLOR_BayerGR2BGR,
    "BayerGB8": cv2.COLOR_BayerGB2BGR,
}
TRIGGERS = ("free", "software", "hardware")


def load_aravis() -> Any:
    """The Aravis GObject bindings, or SourceError saying what to install."""
    try:
        import gi

        gi.require_version("Aravis", "0.8")
        from gi.repository import Aravis
    except (ImportError, ValueError) as exc:
        if getattr(sys, "frozen", False):
            raise SourceError(
                "GigE Vision is unavailable in this build of the station: it was packaged without Aravis "
                f"({exc}). Use usb:, video:, rtsp:// or folder: sources, or rebuild the station on a machine "
                "with Aravis (Debian's gir1.2-aravis-0.8) and PyGObject"
            ) from exc
        raise SourceError(
            f"GigE Vision needs Aravis: install Debian's gir1.2-aravis-0.8 and `uv sync --group gige` ({exc})"
        ) from exc
    return Aravis


@dataclass(frozen=True)
class GigEOptions:
    exposure_us: float | None = None
    gain_db: float | None = None
    pixel_format: str | None = None  # e.g. Mono8, BayerRG8, RGB8, Mono16
    region: tuple[int, int, int, int] | None = None  # x, y, width, height
    fps: float | None = None
    trigger: str = "free"  # free | software | hardware
    trigger_line: str = "Line0"
    packet_size: int | None = None  # None: negotiate the largest that gets through
    buffers: int = 8
    timeout_s: float = 0.25  # a pop waits at most this long, so a stop request is seen within it
    stall_s: float = 3.0  # no complete frame for this long: reconnect
    frozen_repeats: int = 50  # the same picture this many times in a row: the stream is frozen, reconnect
    backoff_initial_s: float = 0.25
    backoff_max_s: float = 5.0


def to_bgr(data: bytes, width: int, height: int, pixel_format: str) -> np.ndarray:
    """A GigE Vision image buffer as BGR uint8."""
    if pixel_format in ("Mono8", *BAYER_TO_BGR):
        plane = np.frombuffer(data, np.uint8, width * height).reshape(height, width)
        return cv2.cvtColor(plane, BAYER_TO_BGR[pixel_format]) if pixel_format in BAYER_TO_BGR else as_bgr8(plane)
    if pixel_format in ("Mono16", "Mono12", "Mono10"):
        bits = int(pixel_format[4:])
        wide = np.frombuffer(data, np.uint16, width * height).reshape(height, width)
        return as_bgr8((wide << (16 - bits)).astype(np.uint16))
    if pixel_format in ("RGB8", "RGB8Packed"):
        return cv2.cvtColor(
            np.frombuffer(data, np.uint8, width * height * 3).reshape(height, width, 3), cv2.COLOR_RGB2BGR
        )
    if pixel_format in ("BGR8", "BGR8Packed"):
        return np.frombuffer(data, np.uint8, width * height * 3).reshape(height, width, 3).copy()
    raise ValueError(f"pixel format {pixel_format} is not supported")


class GigESource(FrameSource):
    """``gige:ADDRESS_OR_ID[?exposure=..&gain=..&format=..&region=x,y,w,h&fps=..&trigger=free|software|hardware]``."""

    live = True

    def __init__(self, uri: str, device: str, options: GigEOptions) -> None:
        super().__init__(uri)
        self.device = device
        self.options = options
        self.stats = StreamStats()
        self.incomplete = 0
        self.timeouts = 0
        self.lost_in_transit = 0  # frame-id gaps while connected
        self.missed_offline = 0  # estimated from the frame rate while disconnected
        self._aravis: Any = None
        self._camera: Any = None
        self._stream: Any = None
        self._pixel_format = ""
        self._closed = threading.Event()
        self._trigger_requests = threading.Semaphore(0)
        self._control_lost = threading.Event()

    # --- connection -------------------------------------------------------------------
    def _connect(self) -> None:
        Aravis = self._aravis
        o = self.options
        camera = Aravis.Camera.new(self.device)
        device = camera.get_device()
        if hasattr(device, "set_stream_options"):  # a GigE device: the socket path, not packet sockets
            device.set_stream_options(Aravis.GvStreamOption.PACKET_SOCKET_DISABLED)
        device.connect("control-lost", lambda *_: self._control_lost.set())
        camera.stop_acquisition()
        if o.region is not None:
            camera.set_region(*o.region)
        if o.pixel_format is not None:
            camera.set_pixel_format_from_string(o.pixel_format)
        if o.fps is not None:
            camera.set_frame_rate(o.fps)
        if o.exposure_us is not None:
            if camera.is_exposure_auto_available():
                camera.set_exposure_time_auto(Aravis.Auto.OFF)
            camera.set_exposure_time(o.exposure_us)
        if o.gain_db is not None:
            if camera.is_gain_auto_available():
                camera.set_gain_auto(Aravis.Auto.OFF)
            camera.set_gain(o.gain_db)
        if o.trigger == "free":
            camera.clear_triggers()
        elif o.trigger == "software":
            camera.set_trigger("Software")
        else:
            camera.set_trigger(o.trigger_line)
        if camera.is_gv_device():
            if o.packet_size:
                camera.gv_set_packet_size(o.packet_size)
            else:
                camera.gv_auto_packet_size()
        stream = camera.create_stream(None, None)
        if stream is None:
            raise SourceError(f"{self.uri}: the camera refused to open a stream")
        if hasattr(stream, "set_property") and type(stream).__name__ == "GvStream":
            stream.set_property("socket-buffer", Aravis.GvStreamSocketBuffer.AUTO)
            stream.set_property("packet-resend", Aravis.GvStreamPacketResend.ALWAYS)
        payload = camera.get_payload()
        for _ in range(o.buffers):
            stream.push_buffer(Aravis.Buffer.new_allocate(payload))
        self._pixel_format = camera.get_pixel_format_as_string()
        self._control_lost.clear()
        camera.start_acquisition()
        self._camera, self._stream = camera, stream

    def _disconnect(self) -> None:
        camera, self._camera, self._stream = self._camera, None, None
        if camera is not None:
            try:
                camera.stop_acquisition()
            except Exception:  # the camera may already be gone; releasing is all we want
                log.debug("stop_acquisition on a lost camera failed", exc_info=True)

    def open(self) -> None:
        self._aravis = load_aravis()
        self._closed.clear()
        try:
            self._connect()
        except SourceError:
            raise
        except Exception as exc:
            raise SourceError(f"cannot open {self.uri}: {exc}") from exc

    def interrupt(self) -> None:
        self._closed.set()
        self._trigger_requests.release()

    def close(self) -> None:
        self._closed.set()
        self._disconnect()

    def trigger(self) -> None:
        """Ask for one picture (software trigger mode); callable from any thread."""
        self._trigger_requests.release()

    def _reconnect(self, went_offline: float) -> bool:
        """Reconnect with backoff; ``went_offline`` is when the last good frame arrived."""
        self._disconnect()
        self.stats.offline_since = went_offline
        delay = self.options.backoff_initial_s
        while not self._closed.wait(delay):
            try:
                self._connect()
            except Exception as exc:
                log.warning("%s still offline (%s); next try in %.2f s", self.uri, exc, delay)
                delay = min(delay * 2, self.options.backoff_max_s)
                continue
            offline = time.monotonic() - went_offline
            self.stats.offline_seconds += offline
            self.stats.offline_since = None
            self.stats.reconnects += 1
            rate = self._frame_rate()
            if self.options.trigger == "free" and rate:
                self.missed_offline += round(offline * rate)
            return True
        return False

    def _frame_rate(self) -> float | None:
        if self.options.fps:
            return self.options.fps
        try:
            return float(self._camera.get_frame_rate()) if self._camera is not None else None
        except Exception:
            return None

    # --- frames -----------------------------------------------------------------------
    def frames(self) -> Iterator[Frame]:
        Aravis = self._aravis
        index = 0
        last_id: int | None = None
        last_good = time.monotonic()
        last_digest, repeats = b"", 0
        timeout_us = int(self.options.timeout_s * 1e6)
        while not self._closed.is_set():
            if (
                self._stream is None
                or self._control_lost.is_set()
                or time.monotonic() - last_good > self.options.stall_s
            ):
                if not self._reconnect(went_offline=last_good):
                    return
                last_id, last_good = None, time.monotonic()
                continue
            if self.options.trigger == "software":
                if not self._trigger_requests.acquire(timeout=0.1):
                    last_good = time.monotonic()  # waiting for a trigger is not a stall
                    continue
                if self._closed.is_set():
                    return
                self._camera.software_trigger()
            buffer = self._stream.timeout_pop_buffer(timeout_us)
            if buffer is None:
                self.timeouts += 1
                continue
            status = buffer.get_status()
            if status != Aravis.BufferStatus.SUCCESS:
                self.incomplete += 1
                self._stream.push_buffer(buffer)
                continue
            data = buffer.get_data()
            digest = hashlib.blake2b(data[:: max(1, len(data) // 4096)], digest_size=8).digest()
            repeats = repeats + 1 if digest == last_digest else 0
            last_digest = digest
            if repeats >= self.options.frozen_repeats and self.options.trigger == "free":
                self._stream.push_buffer(buffer)
                self.stats.frozen_detections += 1
                repeats = 0
                if not self._reconnect(went_offline=last_good):
                    return
                last_id, last_good = None, time.monotonic()
                continue
            frame_id = int(buffer.get_frame_id())
            if last_id is not None and frame_id > last_id + 1:
                self.lost_in_transit += frame_id - last_id - 1
            last_id = frame_id
            try:
                image = to_bgr(data, buffer.get_image_width(), buffer.get_image_height(), self._pixel_format)
                frame = Frame(self.uri, index, image)
            except ValueError as exc:
                frame = Frame(self.uri, index, None, error=str(exc))
            finally:
                self._stream.push_buffer(buffer)
            last_good = time.monotonic()
            self.stats.frames += 1
            index += 1
            yield frame

    def counters(self) -> dict[str, Any]:
        return {
            **self.stats.to_json(),
            "incomplete_buffers": self.incomplete,
            "timeouts": self.timeouts,
            "lost_in_transit": self.lost_in_transit,
            "missed_offline": self.missed_offline,
        }


def parse_gige_options(params: dict[str, str]) -> GigEOptions:
    known = {"exposure", "gain", "format", "region", "fps", "trigger", "line", "packet", "buffers", "frozen"}
    unknown = set(params) - known
    if unknown:
        raise SourceError(f"unknown gige: options: {', '.join(sorted(unknown))} (known: {', '.join(sorted(known))})")
    trigger = params.get("trigger", "free")
    if trigger not in TRIGGERS:
        raise SourceError(f"gige: trigger= takes one of {', '.join(TRIGGERS)}")
    region = None
    if "region" in params:
        parts = params["region"].split(",")
        if len(parts) != 4 or not all(p.strip().isdigit() for p in parts):
            raise SourceError("gige: region= takes x,y,width,height in pixels")
        x, y, w, h = (int(p) for p in parts)
        region = (x, y, w, h)
    try:
        return GigEOptions(
            exposure_us=float(params["exposure"]) if "exposure" in params else None,
            gain_db=float(params["gain"]) if "gain" in params else None,
            pixel_format=params.get("format"),
            region=region,
            fps=float(params["fps"]) if "fps" in params else None,
            trigger=trigger,
            trigger_line=params.get("line", "Line0"),
            packet_size=int(params["packet"]) if "packet" in params else None,
            buffers=int(params.get("buffers", 8)),
            frozen_repeats=int(params.get("frozen", 50)),
        )
    except ValueError as exc:
        raise SourceError(f"gige: bad option value: {exc}") from exc


def list_gige_cameras() -> list[dict[str, str]]:
    """The GigE Vision (and other Aravis) cameras visible from this machine."""
    Aravis = load_aravis()
    Aravis.update_device_list()
    return [
        {
            "id": Aravis.get_device_id(i),
            "address": Aravis.get_device_address(i) or "",
            "model": Aravis.get_device_model(i) or "",
            "vendor": Aravis.get_device_vendor(i) or "",
            "protocol": Aravis.get_device_protocol(i) or "",
        }
        for i in range(Aravis.get_n_devices())
    ]
