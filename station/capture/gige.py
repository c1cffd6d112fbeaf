"""GigE Vision cameras through Aravis (PyGObject).

Delivery is set up for reliability: the stream's socket buffer is sized
automatically, the packet size is negotiated with the camera, and incomplete
buffers (missing packets, timeouts) are counted and requeued rather than
handed on as half pictures. Gaps in the camera's frame ids count frames the
network lost. When the camera goes away the source reconnects with backoff,
estimates from the frame rate how many parts pass while it is offline, and gives
up after ``max_offline`` seconds (``station.capture.link``, shared with OpenCV).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
from station.imaging.convert import BAYER_TO_BGR, buffer_to_bgr

log = logging.getLogger(__name__)

__all__ = ["BAYER_TO_BGR", "GigEOptions", "GigESource", "list_gige_cameras", "parse_gige_options", "to_bgr"]

to_bgr = buffer_to_bgr  # the old name: a GigE Vision image buffer as BGR uint8
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
    max_offline_s: float | None = DEFAULT_MAX_OFFLINE_S  # offline this long: frames() raises SourceOffline

    def link_policy(self) -> LinkPolicy:
        """A free-running camera's silence is an outage and its repeats a frozen stream; a triggered one's not."""
        free = self.trigger == "free"
        return LinkPolicy(
            backoff_initial_s=self.backoff_initial_s,
            backoff_max_s=self.backoff_max_s,
            stall_s=self.stall_s,
            frozen_repeats=self.frozen_repeats if free else 0,
            max_offline_s=self.max_offline_s,
            estimate_missed=free,
        )


class GigESource(FrameSource):
    """``gige:ADDRESS_OR_ID[?exposure=..&gain=..&format=..&region=x,y,w,h&fps=..&trigger=free|software|hardware]``."""

    live = True

    def __init__(self, uri: str, device: str, options: GigEOptions) -> None:
        super().__init__(uri)
        self.device = device
        self.options = options
        self.incomplete = 0
        self.timeouts = 0
        self.lost_in_transit = 0  # frame-id gaps while connected
        self._aravis: Any = None
        self._camera: Any = None
        self._stream: Any = None
        self._pixel_format = ""
        self._closed = threading.Event()
        self._trigger_requests = threading.Semaphore(0)
        self._control_lost = threading.Event()
        self.link = LinkMonitor(uri, options.link_policy(), wait=self._closed.wait)
        self.link.nominal_fps = options.fps

    @property
    def stats(self) -> StreamStats:
        return self.link.stats

    @property
    def missed_offline(self) -> int:
        """Parts estimated, from the frame rate, to have passed while the camera was away (outage included)."""
        return self.link.missed_offline

    @property
    def software_trigger(self) -> bool:
        return self.options.trigger == "software"

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
        if not o.fps:  # the rate the parts missed while offline are estimated from
            try:
                self.link.nominal_fps = float(camera.get_frame_rate()) or None
            except Exception:  # a camera without the feature: the rate frames arrive at is used
                log.debug("%s reports no frame rate", self.uri, exc_info=True)

    def _disconnect(self, wait: bool = True) -> None:
        """Stop and let go of the camera; ``wait=False`` does it on a thread of its own.

        Stopping a camera that no longer answers, and freeing its stream, wait for the
        protocol's timeouts (10 s measured with Aravis' fake camera killed): a lost camera is
        released in the background so that reconnecting, ``max_offline`` and a stop request
        are not held up. The references move to that thread, so the stream is freed there too.
        """
        held = [self._camera, self._stream]
        self._camera = self._stream = None
        if held[0] is None:
            return
        if wait:
            _release(held)
        else:
            threading.Thread(target=_release, args=(held,), name="station-gige-release", daemon=True).start()
        del held

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
        """Ask for one picture (``trigger=software`` only); callable from any thread."""
        if not self.software_trigger:
            raise SourceError(f"{self.uri} runs with trigger={self.options.trigger}: it has no software trigger")
        self._trigger_requests.release()

    def _try_connect(self) -> bool:
        self._connect()
        if self._closed.is_set():  # closed while connecting: do not keep the camera
            self._disconnect()
            return False
        return True

    def _reconnect(self) -> bool:
        """Back off until connected (True) or closed (False); SourceOffline after ``max_offline_s``."""
        free = self.options.trigger == "free"
        self.link.lost(since_last_frame=free)
        self._disconnect(wait=False)  # stopping a camera that no longer answers takes seconds
        try:
            return self.link.reconnect(self._try_connect, since_last_frame=free)
        except SourceOffline as exc:
            self.end_reason = str(exc)
            raise

    # --- frames -----------------------------------------------------------------------
    def frames(self) -> Iterator[Frame]:
        Aravis = self._aravis
        link = self.link
        link.started()
        index = 0
        last_id: int | None = None
        timeout_us = int(self.options.timeout_s * 1e6)
        while not self._closed.is_set():
            if self._stream is None or self._control_lost.is_set() or link.stalled():
                if not self._reconnect():
                    return
                last_id = None
                continue
            if self.options.trigger == "software":
                if not self._trigger_requests.acquire(timeout=0.1):
                    link.idle()  # waiting for a trigger is not a stall
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
            if link.frozen(data[:: max(1, len(data) // 4096)]):
                self._stream.push_buffer(buffer)
                if not self._reconnect():
                    return
                last_id = None
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
            link.delivered()
            index += 1
            yield frame

    def counters(self) -> dict[str, Any]:
        return {
            **self.link.counters(),
            "incomplete_buffers": self.incomplete,
            "timeouts": self.timeouts,
            "lost_in_transit": self.lost_in_transit,
        }


def _release(held: list[Any]) -> None:
    """Stop the camera in ``held`` ([camera, stream]) and drop the last references to both."""
    try:
        held[0].stop_acquisition()
    except Exception:  # the camera may already be gone; releasing is all we want
        log.debug("stop_acquisition on a lost camera failed", exc_info=True)
    held.clear()


def parse_gige_options(params: dict[str, str], max_offline_s: float | None = DEFAULT_MAX_OFFLINE_S) -> GigEOptions:
    """The options of a ``gige:`` URI; ``max_offline_s`` is the station's default for ``max_offline=``."""
    known = {
        "exposure",
        "gain",
        "format",
        "region",
        "fps",
        "trigger",
        "line",
        "packet",
        "buffers",
        "frozen",
        "max_offline",
    }
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
            max_offline_s=parse_max_offline(params, max_offline_s),
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
