"""Source thread -> bounded queue -> cascade worker -> sinks, with an explicit drop policy.

Capture never blocks inference and inference never blocks its caller (the UI):
- live sources (cameras): the newest frame wins; when the queue is full the
  oldest waiting frame is dropped and counted as *not inspected*;
- file sources (folders): no drops; the capture thread waits for room
  (back-pressure), checking for a stop request while it waits.
Every frame delivered ends up counted exactly once: inspected (OK/NG),
error, or not inspected.

Nothing dies quietly: an inspector, a sink or a callback that raises is logged
with its traceback, counted in :class:`Faults` (shown in the summary and the
status bar) and the run goes on; the part is still counted. If the inspection
thread itself dies, the capture thread sees it and ends the run instead of
waiting for room in the queue forever.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from station.capture.sources import FrameSource, SourceOffline
from station.core.types import Frame, Inspection
from station.pipeline.metrics import Inspector, RunMetrics
from station.pipeline.sinks import Sink

log = logging.getLogger(__name__)

_END = object()  # sentinel: the source is exhausted


class Faults:
    """Failures caught during a run, by where they happened: counted, the last one kept for the operator."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.last: str | None = None

    def add(self, where: str, exc: BaseException) -> None:
        """Log ``exc`` with its traceback and count it under ``where`` (e.g. ``sink:JsonLinesSink``)."""
        log.error("%s failed: %s: %s", where, type(exc).__name__, exc, exc_info=exc)
        with self._lock:
            self.counts[where] = self.counts.get(where, 0) + 1
            self.last = f"{where}: {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"

    def total(self, prefix: str = "") -> int:
        with self._lock:
            return sum(n for where, n in self.counts.items() if where.startswith(prefix))

    def to_json(self) -> dict[str, int]:
        with self._lock:
            return dict(self.counts)


class Pipeline:
    """Runs one source through one inspector on two worker threads until the source ends or ``stop()``."""

    def __init__(
        self,
        source: FrameSource,
        inspector: Inspector,
        sinks: Iterable[Sink] = (),
        queue_size: int = 4,
        max_frames: int | None = None,
        on_part: Callable[[Inspection, Frame], object] | None = None,
    ) -> None:
        self.source = source
        self.inspector = inspector
        self.sinks = list(sinks)
        self.max_frames = max_frames
        self.on_part = on_part
        self.metrics = RunMetrics()
        self.delivered = 0
        self.not_inspected = 0
        self.faults = Faults()
        self.failure: BaseException | None = None
        self._in_flight = False  # the worker holds a part not yet counted
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=queue_size)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._capture = threading.Thread(target=self._capture_loop, name="station-capture", daemon=True)
        self._worker = threading.Thread(target=self._work_loop, name="station-inspect", daemon=True)

    def start(self) -> Pipeline:
        """Start both threads on an already opened source (the capture thread closes it when done)."""
        self.metrics = RunMetrics()
        self._capture.start()
        self._worker.start()
        return self

    def stop(self, timeout: float = 1.0) -> bool:
        """Ask both threads to finish; returns True if they did within ``timeout`` seconds."""
        self._stop.set()
        self.source.interrupt()
        return self.join(timeout)

    def join(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in (self._capture, self._worker):
            if thread.is_alive():
                thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return not (self._capture.is_alive() or self._worker.is_alive())

    @property
    def running(self) -> bool:
        return self._capture.is_alive() or self._worker.is_alive()

    def summary(self) -> dict[str, Any]:
        source = self.source.counters()
        with self._lock:
            return {
                **self.metrics.summary(),
                "delivered": self.delivered,
                "not_inspected": self.not_inspected + int(source.get("missed_offline", 0)),
                "dropped": self.not_inspected,
                "reconnects": int(source.get("reconnects", 0)),
                "queue_depth": self._queue.qsize(),
                "sink_errors": self.faults.total("sink:"),
                "inspector_errors": self.faults.total("inspector"),
                "faults": self.faults.to_json(),
                "last_fault": self.faults.last,
                "source_stats": source,
            }

    def loss_counters(self) -> dict[str, float]:
        """Cumulative parts not inspected, by cause, and time offline: cheap enough to poll every second."""
        source = self.source.counters()
        with self._lock:
            dropped = self.not_inspected
        return {
            "dropped": dropped,
            "missed_offline": float(source.get("missed_offline", 0)),
            "offline_s": float(source.get("offline_s", 0.0)),
        }

    def _offer(self, frame: Frame) -> bool:
        """Queue ``frame`` by the source's policy; False when a stop was requested while waiting."""
        if self.source.live:
            while True:
                try:
                    self._queue.put_nowait(frame)
                    return True
                except queue.Full:
                    try:
                        self._queue.get_nowait()
                    except queue.Empty:
                        continue
                    with self._lock:
                        self.not_inspected += 1
        while not self._stop.is_set():
            try:
                self._queue.put(frame, timeout=0.05)
                return True
            except queue.Full:
                if not self._worker.is_alive():  # nobody will ever make room: end the run, counted
                    return False
        return False

    def _capture_loop(self) -> None:
        try:
            for frame in self.source.frames():
                if self._stop.is_set():
                    break
                with self._lock:
                    self.delivered += 1
                if not self._offer(frame):
                    with self._lock:
                        self.not_inspected += 1
                    break
                if self.max_frames is not None and self.delivered >= self.max_frames:
                    break
        except SourceOffline as exc:  # a camera gone longer than max_offline_s: the run ends, said in one line
            log.warning("%s", exc)
            self.failure = exc
        except BaseException as exc:  # a source that dies must not take the station with it
            log.exception("capture from %s failed", self.source.uri)
            self.failure = exc
            self.faults.add("source", exc)
        finally:
            try:
                self.source.close()
            except Exception as exc:
                self.faults.add("source.close", exc)
            self._put_end()

    def _put_end(self) -> None:
        while True:
            try:
                self._queue.put(_END, timeout=0.05)
                return
            except queue.Full:
                if self._stop.is_set() or not self._worker.is_alive():
                    self._drain_as_not_inspected()

    def _drain_as_not_inspected(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not _END:
                with self._lock:
                    self.not_inspected += 1

    def _work_loop(self) -> None:
        try:
            self._work()
        except BaseException as exc:  # a bug here must end the run visibly, never hang it
            self.faults.add("inspection thread", exc)
            self.failure = self.failure or exc
            self._stop.set()
            self.source.interrupt()
            if self._in_flight:
                with self._lock:
                    self.not_inspected += 1  # the part it was on, never counted as inspected
            self._capture.join(timeout=10.0)  # it sees the stop, closes the source and stops queueing
            self._drain_as_not_inspected()

    def _work(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=0.05)
            except queue.Empty:
                if self._stop.is_set() and not self._capture.is_alive():
                    self._drain_as_not_inspected()
                    return
                continue
            if item is _END:
                return
            if self._stop.is_set():
                with self._lock:
                    self.not_inspected += 1
                continue
            self._inspect(item)

    def _inspect(self, frame: Frame) -> None:
        self._in_flight = True
        try:
            inspection = self.inspector.inspect(frame)
        except Exception as exc:  # the cascade catches its own; any other inspector may not
            self.faults.add("inspector", exc)
            inspection = Inspection.failed(frame, f"inspection failed: {type(exc).__name__}: {exc}")
        latency_ms = (time.time() - frame.timestamp) * 1e3
        with self._lock:
            self.metrics.add(inspection, latency_ms)
            self._in_flight = False
        if self.on_part is not None:  # the operator sees the part now, before any sink has written it
            try:
                self.on_part(inspection, frame)
            except Exception as exc:
                self.faults.add("on_part", exc)
        for sink in self.sinks:
            try:
                sink.write(inspection, frame)
            except Exception as exc:  # a full disk or a closed database must not stop inspection
                self.faults.add(f"sink:{type(sink).__name__}", exc)
