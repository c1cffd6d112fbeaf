"""Record every inspection without ever slowing inspection down.

The pipeline's worker hands each result to :meth:`Recorder.write`, which only
queues it. A writer thread takes batches, saves the evidence images, and
commits each batch in one transaction. When the database cannot be reached the
batch goes to an offline queue on local disk (one fsync'd file per batch, in
order) and the writer keeps trying; when the database answers again the queue
is sent first, in order. Every row carries a unique ``uid``, so a batch sent
twice (committed, then the connection lost before the answer) is stored once.

``on_committed`` is called with each batch once it is safe (committed, or
fsync'd in the offline queue): show or print a result only then, and a hard
kill loses nothing the operator has seen.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.exc import SQLAlchemyError

from station.core.shifts import ShiftCalendar
from station.core.types import Frame, Inspection, Verdict
from station.history.archive import ImageArchive
from station.history.store import HistoryError, HistoryStore

log = logging.getLogger(__name__)

_TIME_KEYS = ("inspected_at", "started_at", "ended_at")
_STOP = object()


@dataclass(frozen=True)
class RecordingContext:
    """What every record of this run says about where it came from."""

    station_id: str
    line: str
    recipe: str
    source: str
    calendar: ShiftCalendar | None = None


def inspection_row(uid: str, inspection: Inspection, context: RecordingContext) -> dict[str, Any]:
    """The database row of one inspection (images are added by the writer)."""
    when = dt.datetime.fromtimestamp(inspection.timestamp, dt.UTC)
    shift = context.calendar.shift_at(when) if context.calendar is not None else None
    top = max(inspection.detections, key=lambda d: d.confidence, default=None)
    return {
        "uid": uid,
        "inspected_at": when,
        "station_id": context.station_id,
        "line": context.line,
        "shift": shift.label if shift is not None else None,
        "recipe": context.recipe,
        "model_hashes": dict(inspection.model_hashes),
        "threshold": inspection.threshold,
        "source": context.source[:512],
        "frame_id": inspection.index,
        "verdict": inspection.verdict.value,
        "score": inspection.defect_score,
        "defect_type": top.label if top is not None else None,
        "detections": [d.to_json() for d in inspection.detections],
        "timings_ms": {k: round(v, 3) for k, v in inspection.timings_ms.items()},
        "error": inspection.error,
        "image_path": None,
        "thumb_path": None,
        "review": "pending" if inspection.verdict is Verdict.NG else None,
    }


def _lower_this_threads_priority(niceness: int = 10) -> None:
    """Let inspection have the cores first: on Linux a thread has its own nice value.

    The writer only needs to keep up on average (its queue absorbs bursts); inspection's threads
    must not wait for it.
    """
    if hasattr(os, "setpriority") and hasattr(threading, "get_native_id"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
        except OSError:  # not allowed here: record at normal priority
            log.debug("cannot lower the history writer's priority", exc_info=True)


class OfflineQueue:
    """Batches waiting for the database: one JSON file per batch, named in order, fsync'd before use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        existing = self.pending()
        self._next = int(existing[-1].stem) + 1 if existing else 1

    def pending(self) -> list[Path]:
        return sorted(self.folder.glob("[0-9]*.json"))

    def append(self, batch: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        path = self.folder / f"{self._next:012d}.json"
        tmp = path.with_suffix(".tmp")
        payload = {
            kind: [{k: (v.isoformat() if k in _TIME_KEYS else v) for k, v in row.items()} for row in rows]
            for kind, rows in batch.items()
        }
        with open(tmp, "w", encoding="utf-8") as stream:
            json.dump(payload, stream)
            stream.flush()
            os.fsync(stream.fileno())
        tmp.replace(path)
        self._next += 1

    @staticmethod
    def load(path: Path) -> dict[str, list[dict[str, Any]]]:
        payload: dict[str, list[dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
        for rows in payload.values():
            for row in rows:
                for key in _TIME_KEYS:
                    if key in row:
                        row[key] = dt.datetime.fromisoformat(row[key])
        return payload


@dataclass(frozen=True)
class Recorded:
    """A part that is safely recorded, with its picture (shared, never copied) for whoever shows it."""

    uid: str
    inspection: Inspection
    image: np.ndarray | None


@dataclass
class RecorderState:
    """What the operator's status bar shows about recording."""

    recorded: int = 0  # rows committed to the database
    queued_offline: int = 0  # batches waiting on local disk
    online: bool = False
    image_errors: int = 0
    images_skipped: int = 0  # parts recorded without their picture because the writer fell behind
    last_error: str | None = None


class Recorder:
    """A pipeline sink that records to a :class:`HistoryStore`; see the module docstring."""

    def __init__(
        self,
        url: str | None,
        data_dir: Path,
        context: RecordingContext,
        ok_sample_every: int = 100,
        on_committed: Callable[[list[Recorded]], object] | None = None,
        batch_size: int = 256,
        max_wait_s: float = 0.05,
        retry_s: float = 2.0,
        max_pending_image_bytes: int = 512 * 1024 * 1024,
    ) -> None:
        self.url = url
        self.context = context
        self.archive = ImageArchive(data_dir / "images")
        safe_station = "".join(c if c.isalnum() or c in "-_" else "_" for c in context.station_id)
        self.offline = OfflineQueue(data_dir / "offline" / safe_station)
        self.ok_sample_every = ok_sample_every
        self.on_committed = on_committed
        self.batch_size = batch_size
        self.max_wait_s = max_wait_s
        self.retry_s = retry_s
        self.max_pending_image_bytes = max_pending_image_bytes
        self._pending_image_bytes = 0
        self._pending_lock = threading.Lock()
        self.state = RecorderState(queued_offline=len(self.offline.pending()))
        self._run_id = uuid.uuid4().hex
        self._seq = 0
        self._ok_seen = 0
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._store: HistoryStore | None = None
        self._next_attempt = 0.0
        self._losses: Callable[[], Mapping[str, float]] | None = None
        self._last_losses: dict[str, float] = {}
        self._last_poll = dt.datetime.now(dt.UTC)
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()

    # -- called from the pipeline ------------------------------------------------------

    def write(self, inspection: Inspection, frame: Frame) -> None:
        """Queue one result (cheap: no I/O on the inspection thread)."""
        self._seq += 1
        uid = f"{self._run_id}-{self._seq:08d}"
        keep_image = frame.image is not None and (
            inspection.verdict is Verdict.NG
            or (
                inspection.verdict is Verdict.OK
                and self.ok_sample_every > 0
                and (self._ok_seen % self.ok_sample_every == 0)
            )
        )
        if inspection.verdict is Verdict.OK:
            self._ok_seen += 1
        if keep_image and not self._reserve_image(frame.image.nbytes):  # type: ignore[union-attr]
            keep_image = False
        self._queue.put((uid, inspection, frame.image, keep_image))

    def _reserve_image(self, size: int) -> bool:
        """Room for one more picture in the queue? A writer far behind (a disk that crawls) must not
        eat the station's memory: past the limit parts are recorded without their picture, and counted."""
        with self._pending_lock:
            if self._pending_image_bytes + size > self.max_pending_image_bytes:
                self.state.images_skipped += 1
                self.state.last_error = "recording fell behind: parts recorded without their picture"
                return False
            self._pending_image_bytes += size
            return True

    def watch_losses(self, counters: Callable[[], Mapping[str, float]]) -> None:
        """Poll cumulative ``dropped`` / ``missed_offline`` / ``offline_s`` and record what grows as gaps."""
        self._losses = counters
        self._last_losses = dict(counters())
        self._last_poll = dt.datetime.now(dt.UTC)

    def close(self, timeout: float = 30.0) -> bool:
        """Record what is queued, then stop; True when everything reached the database or the offline queue."""
        self._queue.put(_STOP)
        self._thread.join(timeout)
        if self._store is not None:
            self._store.close()
        return not self._thread.is_alive()

    # -- the writer thread --------------------------------------------------------------

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """Wait until the first connection attempt (and schema check) is done; True when online."""
        self._ready.wait(timeout)
        return self.state.online

    def _run(self) -> None:
        _lower_this_threads_priority()
        if self._connected_store() is not None:  # connect and migrate now, not on the first part
            self.state.online = True
        self._ready.set()
        stopping = False
        while not stopping:
            items, stopping = self._take_batch()
            rows = [
                self._row_with_images(uid, inspection, image if keep else None)
                for uid, inspection, image, keep in items
            ]
            released = sum(image.nbytes for _, _, image, keep in items if keep and image is not None)
            if released:
                with self._pending_lock:
                    self._pending_image_bytes -= released
            gap_rows = self._poll_losses(final=stopping)
            if rows or gap_rows:
                recorded = [Recorded(uid, inspection, image) for uid, inspection, image, _ in items]
                self._deliver({"inspections": rows, "gaps": gap_rows}, recorded)
            elif self.state.queued_offline:
                self._send_offline_queue()
        self._send_offline_queue(force=True)

    def _take_batch(self) -> tuple[list[tuple[str, Inspection, np.ndarray | None, bool]], bool]:
        items: list[tuple[str, Inspection, np.ndarray | None, bool]] = []
        try:
            first = self._queue.get(timeout=0.5)
        except queue.Empty:
            return items, False
        if first is _STOP:
            return items, True
        items.append(first)
        # Sleep, then take what came: waiting in get() would wake this thread (and make it compete for
        # the GIL with inspection) once per part; sleeping wakes it once per batch.
        time.sleep(self.max_wait_s)
        while len(items) < self.batch_size:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is _STOP:
                return items, True
            items.append(item)
        return items, False

    def _row_with_images(self, uid: str, inspection: Inspection, image: np.ndarray | None) -> dict[str, Any]:
        row = inspection_row(uid, inspection, self.context)
        if image is not None:
            try:
                row["image_path"], row["thumb_path"] = self.archive.save(uid, row["inspected_at"], image, inspection)
            except OSError as exc:  # a full or read-only disk: keep the record, say so
                self.state.image_errors += 1
                self.state.last_error = f"cannot archive images: {exc}"
                log.warning("cannot archive the image of %s: %s", uid, exc)
        return row

    def _poll_losses(self, final: bool = False) -> list[dict[str, Any]]:
        if self._losses is None:
            return []
        now = dt.datetime.now(dt.UTC)
        if not final and (now - self._last_poll).total_seconds() < 1.0:
            return []
        try:
            current = dict(self._losses())
        except Exception:  # the pipeline is gone: nothing more to learn
            log.exception("cannot read the pipeline's loss counters")
            return []
        rows = []
        offline_grew = current.get("offline_s", 0.0) > self._last_losses.get("offline_s", 0.0)
        for reason, key in (("dropped", "dropped"), ("offline", "missed_offline")):
            parts = int(current.get(key, 0) - self._last_losses.get(key, 0))
            if parts > 0 or (reason == "offline" and offline_grew):
                rows.append(
                    {
                        "uid": f"{self._run_id}-gap-{reason}-{now.timestamp():.3f}",
                        "station_id": self.context.station_id,
                        "line": self.context.line,
                        "started_at": self._last_poll,
                        "ended_at": now,
                        "reason": reason,
                        "parts": max(parts, 0),
                    }
                )
        self._last_losses, self._last_poll = current, now
        return rows

    def _connected_store(self) -> HistoryStore | None:
        if self._store is not None:
            return self._store
        if time.monotonic() < self._next_attempt:
            return None
        try:
            self._store = HistoryStore(self.url)
        except (HistoryError, SQLAlchemyError, OSError) as exc:
            self._went_offline(exc)
            return None
        return self._store

    def _went_offline(self, exc: BaseException) -> None:
        if self.state.online or self.state.last_error is None:
            log.warning("history database unreachable, recording to the offline queue: %s", exc)
        self.state.online = False
        self.state.last_error = f"database unreachable: {str(exc).splitlines()[0][:200]}"
        self._next_attempt = time.monotonic() + self.retry_s

    def _insert(self, store: HistoryStore, batch: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        store.add_inspections(batch.get("inspections", []))
        store.add_gaps(batch.get("gaps", []))

    def _deliver(self, batch: dict[str, list[dict[str, Any]]], results: list[Recorded]) -> None:
        if self.state.queued_offline:
            self._send_offline_queue()
        store = None if self.state.queued_offline else self._connected_store()
        sent = False
        if store is not None:
            try:
                self._insert(store, batch)
                sent = True
                self.state.online = True
                self.state.recorded += len(batch["inspections"])
            except SQLAlchemyError as exc:
                self._went_offline(exc)
        if not sent:
            try:
                self.offline.append(batch)
                self.state.queued_offline += 1
            except OSError as exc:  # nowhere to keep it: say so loudly, keep inspecting
                self.state.last_error = f"cannot record {len(results)} parts: {exc}"
                log.error("cannot record %d parts (database and offline queue both failed): %s", len(results), exc)
                return
        if self.on_committed is not None and results:
            try:
                self.on_committed(results)
            except Exception:
                log.exception("on_committed callback failed")

    def _send_offline_queue(self, force: bool = False) -> None:
        """Send queued batches in order; stop at the first failure (they stay on disk)."""
        if force:
            self._next_attempt = 0.0
        elif time.monotonic() < self._next_attempt:
            return
        store = self._connected_store()
        if store is None:
            return
        for path in self.offline.pending():
            try:
                batch = OfflineQueue.load(path)
                self._insert(store, batch)
            except SQLAlchemyError as exc:
                self._went_offline(exc)
                return
            except (OSError, ValueError) as exc:
                log.error("offline batch %s is unreadable, kept aside: %s", path.name, exc)
                path.rename(path.with_suffix(".bad"))
                continue
            path.unlink()
            self.state.recorded += len(batch.get("inspections", []))
            self.state.queued_offline = max(0, self.state.queued_offline - 1)
        self.state.online = True
        self.state.queued_offline = len(self.offline.pending())
