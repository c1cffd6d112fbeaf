"""Work that must not run on the UI thread: a small task helper, camera discovery, the history opener.

The UI thread only draws. Anything that may take more than a frame (loading a
recipe, opening or stopping a source, a database query, writing a PDF,
inspecting a dropped folder) is handed to a :class:`Workers` lane; its result
or its error comes back as a call on the UI thread. A lane made with
``serial=True`` runs one task at a time, in the order given: run control
(start, stop, recipe switch) goes through one, so those never overlap.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from station.history.store import HistoryStore

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a task's outcome from its worker thread to the UI thread (created on the UI thread)."""

    finished = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, name: str, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.name, self.work, self.relay = name, work, relay
        self.setAutoDelete(False)  # the lane keeps it (and its relay) until the outcome is delivered

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # the operator sees it in the status bar; the traceback goes to the log
            log.exception("%s failed", self.name)
            self.relay.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.relay.finished.emit(result)


class Workers(QObject):
    """A lane of worker threads; ``busyChanged(True)`` while any task is queued or running."""

    busyChanged = Signal(bool)

    def __init__(self, serial: bool = False, threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1 if serial else threads)
        self.pool.setExpiryTimeout(-1 if serial else 30_000)  # the run-control thread stays: no start-up per task
        self._pending: dict[int, tuple[_Task, _Relay, str]] = {}
        # Settled tasks live a little longer: their relay is still inside its own signal when settled, and
        # the pool thread looks at the runnable once more after run() returns.
        self._retired: deque[tuple[_Task, _Relay, str]] = deque(maxlen=16)
        self._next = 0

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def pending(self) -> list[str]:
        """The names of the tasks queued or running, oldest first (the window shows the first)."""
        return [name for _, _, name in self._pending.values()]

    def submit(
        self,
        name: str,
        work: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``work()`` on a worker thread; then ``done(result)`` or ``failed(message)`` on the UI thread."""
        key = self._next
        self._next += 1
        relay = _Relay()
        relay.finished.connect(lambda result: self._settle(key, done, result))
        relay.failed.connect(lambda message: self._settle(key, failed, message))
        task = _Task(name, work, relay)
        was_busy = self.busy
        self._pending[key] = (task, relay, name)
        if not was_busy:
            self.busyChanged.emit(True)
        self.pool.start(task)

    def _settle(self, key: int, then: Callable[[Any], None] | None, value: Any) -> None:
        if not isValid(self):  # the window went away while the task ran: nobody is left to tell
            return
        entry = self._pending.pop(key, None)
        if entry is not None:
            self._retired.append(entry)
        try:
            if then is not None and entry is not None:
                then(value)
        finally:
            if entry is not None and not self._pending:
                self.busyChanged.emit(False)

    def wait(self, timeout_ms: int) -> bool:
        """Block until the queued work is done (tests, benchmarks, a last resort at exit); False on time-out."""
        return bool(self.pool.waitForDone(timeout_ms))


class CameraFinder(QObject):
    """Looks for cameras off the UI thread (Aravis discovery takes a second or more)."""

    found = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.worker = threading.Thread(target=self._run, name="station-camera-finder", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        try:
            from station.capture.cameras import list_cameras

            cameras = list_cameras()
            self.found.emit([c["uri"] for c in cameras["gige"] + cameras["usb"]])
        except Exception:  # discovery is a convenience: never let it disturb the operator
            log.warning("camera discovery failed", exc_info=True)


class HistoryOpener(QObject):
    """Opens (and migrates) the history database off the UI thread: an unreachable server can take
    seconds to answer, and the operator's view must not wait for it."""

    opened = Signal(object)  # the HistoryStore
    failed = Signal(str)

    def __init__(self, url: str | None) -> None:
        super().__init__()
        self.url = url

    def start(self) -> None:
        threading.Thread(target=self._run, name="station-history-opener", daemon=True).start()

    def _run(self) -> None:
        try:
            store = HistoryStore(self.url)
        except Exception as exc:  # unreachable, refused, a wrong URL: say it, the line keeps running
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        self.opened.emit(store)
