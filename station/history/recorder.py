"""Record every inspection without ever slowing inspection down, and never lose one without counting it.

The pipeline's worker hands each result to :meth:`Recorder.write`, which only
queues it: a bounded queue, by count and by the bytes it actually holds (a
frame whose picture will not be archived is not kept at all). Past the bytes
bound a part is recorded without its picture; past the count bound it cannot
be recorded and is counted as such, with the reason. A writer thread takes
batches, saves the evidence images (only while the disk has room to spare:
pictures go first, records last), and commits each batch in one transaction.
When the database cannot be reached the batch goes to the offline queue on
local disk (see :mod:`station.history.offline`) and is sent, in order, when it
answers again. Every row carries a unique ``uid``, so a batch sent twice is
stored once. Rows the database refuses as data are retried one by one and
what still fails is kept aside and counted; a writer error is logged, counted
and the writer goes on. The line interfaces' counters ride along (watch_line).

``on_committed`` is called with each batch once it is safe (committed, or fsync'd offline).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from station.core.types import Frame, Inspection, Verdict
from station.history.archive import ImageArchive
from station.history.linewatch import LineWatch
from station.history.offline import OfflineQueue
from station.history.rows import RecordingContext, inspection_row, storable_text
from station.history.store import HistoryError, HistoryStore

__all__ = ["Recorded", "Recorder", "RecorderState", "RecordingContext", "inspection_row"]

log = logging.getLogger(__name__)

_STOP = object()
MB = 1024 * 1024


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


@dataclass(frozen=True)
class Recorded:
    """A part that is safely recorded, with its picture when one was kept (shared, never copied)."""

    uid: str
    inspection: Inspection
    image: np.ndarray | None


@dataclass
class RecorderState:
    """What the operator's status bar and the run's summary show about recording."""

    recorded: int = 0  # this run's rows committed to the database
    queued_offline: int = 0  # batches waiting on local disk (any run's)
    queued_offline_parts: int = 0  # this run's parts among them
    online: bool = False
    image_errors: int = 0
    images_skipped: int = 0  # parts recorded without their picture because the writer fell behind
    pictures_skipped_low_disk: int = 0  # parts recorded without their picture to keep the disk from filling
    not_recorded: dict[str, int] = field(default_factory=dict)  # reason -> parts that could not be recorded
    writer_faults: int = 0
    disk_free_mb: float | None = None
    disk_warning: str | None = None
    last_error: str | None = None

    @property
    def not_recorded_total(self) -> int:
        return sum(self.not_recorded.values())


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
        max_pending_image_bytes: int = 512 * MB,
        max_pending_parts: int = 20_000,
        pictures_min_free_mb: float = 200.0,
        warn_free_mb: float = 1000.0,
    ) -> None:
        self.url = url
        self.context = context
        self.archive = ImageArchive(data_dir / "images")
        self._run_id = uuid.uuid4().hex
        safe_station = "".join(c if c.isalnum() or c in "-_" else "_" for c in context.station_id)
        self.offline = OfflineQueue(data_dir / "offline" / safe_station, self._run_id)
        self.data_dir = data_dir
        self.ok_sample_every = ok_sample_every
        self.on_committed = on_committed
        self.batch_size = batch_size
        self.max_wait_s = max_wait_s
        self.retry_s = retry_s
        self.max_pending_image_bytes = max_pending_image_bytes
        self.pictures_min_free_mb = pictures_min_free_mb
        self.warn_free_mb = warn_free_mb
        self._held_bytes = 0
        self._held_lock = threading.Lock()
        self.state = RecorderState(queued_offline=len(self.offline.pending()))
        self._seq = 0
        self._ok_seen = 0
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=max_pending_parts)
        self._store: HistoryStore | None = None
        self._next_attempt = 0.0
        self._losses: Callable[[], Mapping[str, float]] | None = None
        self._line: LineWatch | None = None
        self._last_losses: dict[str, float] = {}
        self._last_poll = dt.datetime.now(dt.UTC)
        self._outage: dict[str, Any] | None = None  # the camera outage going on, written once it ends
        self._unrecorded_to_note = 0  # parts lost while nothing could be written, noted once writing works
        self._ready = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()

    # -- called from the pipeline ------------------------------------------------------

    def write(self, inspection: Inspection, frame: Frame) -> None:
        """Queue one result (cheap: no I/O on the inspection thread, no blocking)."""
        if self._stopping:  # a part that arrives after close() cannot be written: counted, not lost quietly
            self._count_not_recorded("arrived after the history writer closed")
            return
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
        image = frame.image if keep_image else None  # a picture that will not be archived is not held
        size = _held_size(inspection, image)
        if image is not None and not self._reserve(size):
            image, size = None, _held_size(inspection, None)
            self._reserve(size, force=True)
        elif image is None:
            self._reserve(size, force=True)
        try:
            self._queue.put_nowait((uid, inspection, image, size))
        except queue.Full:
            self._release(size)
            self._count_not_recorded("the history writer is too far behind")

    def _reserve(self, size: int, force: bool = False) -> bool:
        """Room for a picture in the queue? Past the bound a part is recorded without it, and counted."""
        with self._held_lock:
            if not force and self._held_bytes + size > self.max_pending_image_bytes:
                self.state.images_skipped += 1
                self.state.last_error = "recording fell behind: parts recorded without their picture"
                return False
            self._held_bytes += size
            return True

    def _release(self, size: int) -> None:
        with self._held_lock:
            self._held_bytes -= size

    def held(self) -> tuple[int, int]:
        """(parts, bytes of pictures and heatmaps) waiting for the writer right now."""
        with self._held_lock:
            return self._queue.qsize(), self._held_bytes

    def _count_not_recorded(self, reason: str, parts: int = 1) -> None:
        self.state.not_recorded[reason] = self.state.not_recorded.get(reason, 0) + parts
        self.state.last_error = f"{parts} parts not recorded: {reason}"
        self._unrecorded_to_note += parts

    def watch_losses(self, counters: Callable[[], Mapping[str, float]]) -> None:
        """Poll cumulative ``dropped`` / ``missed_offline`` / ``offline_s`` and record what grows as gaps."""
        self._losses = counters
        self._last_losses = dict(counters())
        self._last_poll = dt.datetime.now(dt.UTC)

    def watch_line(self, counters: Callable[[], Mapping[str, int]]) -> None:
        """Poll the line interfaces' cumulative counters and record what grows (``line_counts``)."""
        self._line = LineWatch(counters, self._run_id, self.context.station_id, self.context.line)

    def close(self, timeout: float = 30.0) -> bool:
        """Record what is queued, then stop; True when everything reached the database or the offline queue.

        Parts still queued when the writer cannot finish in ``timeout`` are counted as not recorded.
        """
        self._stopping = True
        try:
            self._queue.put(_STOP, timeout=timeout)
        except queue.Full:  # the writer is stuck: what it holds is counted below
            log.error("the history writer is stuck with %d parts queued", self._queue.qsize())
        self._thread.join(timeout)
        finished = not self._thread.is_alive()
        if not finished:
            left, _ = self.held()
            if left:
                self._count_not_recorded("the history writer did not finish in time", left)
        elif self._store is not None:
            self._store.close()
        return finished

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """Wait until the first connection attempt (and schema check) is done; True when online."""
        self._ready.wait(timeout)
        return self.state.online

    # -- the writer thread --------------------------------------------------------------

    def _run(self) -> None:
        _lower_this_threads_priority()
        if self._connected_store() is not None:  # connect and migrate now, not on the first part
            self.state.online = True
        self._ready.set()
        stopping = False
        while not stopping:
            items: list[tuple[str, Inspection, np.ndarray | None, int]] = []
            try:
                items, stopping = self._take_batch()
                self._write_batch(items, final=stopping)
            except Exception as exc:  # a bug or a surprise must not end recording: count it, go on
                log.exception("the history writer failed on a batch of %d parts", len(items))
                self.state.writer_faults += 1
                self._count_not_recorded(f"writer error: {type(exc).__name__}: {exc}"[:200], len(items))
            finally:
                self._release(sum(size for *_, size in items))
        try:
            self._send_offline_queue(force=True)
        except Exception:
            log.exception("the history writer failed sending the offline queue at the end")
            self.state.writer_faults += 1

    def _write_batch(self, items: list[tuple[str, Inspection, np.ndarray | None, int]], final: bool) -> None:
        self._check_disk()
        rows = [self._row_with_images(uid, inspection, image) for uid, inspection, image, _ in items]
        gap_rows = self._poll_losses(final=final)
        line_rows = self._line.poll(final) if self._line is not None else []
        if rows or gap_rows or line_rows:
            recorded = [Recorded(uid, inspection, image) for uid, inspection, image, _ in items]
            self._deliver({"inspections": rows, "gaps": gap_rows, "line_counts": line_rows}, recorded)
        elif self.state.queued_offline:
            self._send_offline_queue()

    def _take_batch(self) -> tuple[list[tuple[str, Inspection, np.ndarray | None, int]], bool]:
        items: list[tuple[str, Inspection, np.ndarray | None, int]] = []
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

    def _check_disk(self) -> None:
        """Free space where pictures and the offline queue go: pictures stop first, a warning before that."""
        try:
            free_mb = shutil.disk_usage(self.data_dir).free / MB
        except OSError:
            return
        self.state.disk_free_mb = round(free_mb, 1)
        if free_mb < self.warn_free_mb:
            self.state.disk_warning = (
                f"disk almost full: {free_mb:.0f} MB free in {self.data_dir.name or self.data_dir}"
                + ("; pictures are no longer kept" if free_mb < self.pictures_min_free_mb else "")
            )
        else:
            self.state.disk_warning = None

    def _row_with_images(self, uid: str, inspection: Inspection, image: np.ndarray | None) -> dict[str, Any]:
        row = inspection_row(uid, inspection, self.context)
        if image is None:
            return row
        free_mb = self.state.disk_free_mb
        if free_mb is not None and free_mb < self.pictures_min_free_mb:
            self.state.pictures_skipped_low_disk += 1
            return row
        try:
            row["image_path"], row["thumb_path"] = self.archive.save(uid, row["inspected_at"], image, inspection)
        except OSError as exc:  # a full or read-only disk: keep the record, say so
            self.state.image_errors += 1
            self.state.last_error = f"cannot archive images: {exc}"
            log.warning("cannot archive the image of %s: %s", uid, exc)
        return row

    def _poll_losses(self, final: bool = False) -> list[dict[str, Any]]:
        """Parts dropped become a gap per poll; a camera outage becomes ONE gap row, written when it ends."""
        rows: list[dict[str, Any]] = []
        now = dt.datetime.now(dt.UTC)
        if self._unrecorded_to_note and self.state.online:
            rows.append(self._gap_row("not_recorded", self._last_poll, now, self._unrecorded_to_note))
            self._unrecorded_to_note = 0
        if self._losses is None:
            return rows
        if not final and (now - self._last_poll).total_seconds() < 1.0:
            return rows
        try:
            current = dict(self._losses())
        except Exception:  # the pipeline is gone: nothing more to learn
            log.exception("cannot read the pipeline's loss counters")
            return rows
        dropped = int(current.get("dropped", 0) - self._last_losses.get("dropped", 0))
        if dropped > 0:
            rows.append(self._gap_row("dropped", self._last_poll, now, dropped))
        missed = int(current.get("missed_offline", 0) - self._last_losses.get("missed_offline", 0))
        offline_grew = current.get("offline_s", 0.0) > self._last_losses.get("offline_s", 0.0)
        if offline_grew or missed > 0:
            if self._outage is None:
                self._outage = {"started_at": self._last_poll, "parts": 0}
            self._outage["parts"] += max(missed, 0)
        if self._outage is not None and (not offline_grew or final):
            rows.append(self._gap_row("offline", self._outage["started_at"], now, self._outage["parts"]))
            self._outage = None
        self._last_losses, self._last_poll = current, now
        return rows

    def _gap_row(self, reason: str, started: dt.datetime, ended: dt.datetime, parts: int) -> dict[str, Any]:
        return {
            "uid": f"{self._run_id}-gap-{reason}-{ended.timestamp():.6f}",
            "station_id": storable_text(self.context.station_id),
            "line": storable_text(self.context.line),
            "started_at": started,
            "ended_at": ended,
            "reason": reason,
            "parts": parts,
        }

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

    def _back_online(self) -> None:
        if not self.state.online and (self.state.last_error or "").startswith("database unreachable"):
            self.state.last_error = None  # a stale outage message must not stay after recovery
        self.state.online = True

    def _insert(self, store: HistoryStore, batch: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        store.add_inspections(batch.get("inspections", []))
        store.add_gaps(batch.get("gaps", []))
        store.add_line_counts(batch.get("line_counts", []))

    def _own(self, rows: Sequence[Mapping[str, Any]]) -> int:
        return sum(1 for row in rows if str(row.get("uid", "")).startswith(self._run_id))

    def _deliver(self, batch: dict[str, list[dict[str, Any]]], results: list[Recorded]) -> None:
        if self.state.queued_offline:
            self._send_offline_queue()
        store = None if self.state.queued_offline else self._connected_store()
        if store is not None:
            try:
                self._insert(store, batch)
            except (DataError, IntegrityError, UnicodeError, ValueError, TypeError) as exc:
                self._insert_one_by_one(store, batch, exc)
                self._committed(results)
                return
            except SQLAlchemyError as exc:
                self._went_offline(exc)
            else:
                self._back_online()
                self.state.recorded += self._own(batch["inspections"])
                self._committed(results)
                return
        try:
            self.offline.append(batch)
        except OSError as exc:  # nowhere to keep it: counted, said loudly, inspection goes on
            parts = len(batch["inspections"])
            self._count_not_recorded(f"database and offline queue both failed: {exc.strerror or exc}", parts)
            log.error("cannot record %d parts (database and offline queue both failed): %s", parts, exc)
            return
        self.state.queued_offline += 1
        self.state.queued_offline_parts += self._own(batch["inspections"])
        self._committed(results)

    def _insert_one_by_one(
        self, store: HistoryStore, batch: Mapping[str, Sequence[Mapping[str, Any]]], exc: Exception
    ) -> None:
        """The database refused the batch as data: find the rows it refuses, keep them aside, count them."""
        log.warning("the database refused a batch (%s); retrying row by row", exc)
        refused: list[Mapping[str, Any]] = []
        reason = ""
        for kind, rows in batch.items():
            for row in rows:
                try:
                    self._insert(store, {kind: [row]})
                except Exception as row_exc:  # each refusal is counted and kept
                    refused.append(row)
                    reason = f"{type(row_exc).__name__}: {str(row_exc).splitlines()[0][:120]}"
                else:
                    if kind == "inspections":
                        self.state.recorded += self._own([row])
        if refused:
            try:
                self.offline.quarantine(refused, reason)
            except OSError:
                log.exception("cannot keep the refused rows aside")
            self._count_not_recorded(f"refused by the database: {reason}", len(refused))

    def _committed(self, results: list[Recorded]) -> None:
        if self.on_committed is not None and results:
            try:
                self.on_committed(results)
            except Exception:
                log.exception("on_committed callback failed")
                self.state.writer_faults += 1

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
            claimed = self.offline.claim(path)
            if claimed is None:  # another process sharing this folder is sending it
                continue
            try:
                batch = OfflineQueue.load(claimed)
                self._insert(store, batch)
            except SQLAlchemyError as exc:
                OfflineQueue.release(claimed)
                self._went_offline(exc)
                return
            except (OSError, ValueError) as exc:
                log.error("offline batch %s is unreadable, kept aside: %s", path.name, exc)
                OfflineQueue.set_aside(claimed)
                continue
            claimed.unlink()
            own = self._own(batch.get("inspections", []))
            self.state.recorded += own
            self.state.queued_offline_parts = max(0, self.state.queued_offline_parts - own)
        self._back_online()
        self.state.queued_offline = len(self.offline.pending())


def _held_size(inspection: Inspection, image: np.ndarray | None) -> int:
    """Bytes of pixel data an entry of the writer's queue keeps alive."""
    heat = inspection.heatmap.nbytes if inspection.heatmap is not None else 0
    return heat + (image.nbytes if image is not None else 0)
