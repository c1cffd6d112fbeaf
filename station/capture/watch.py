"""A hot folder: images dropped by camera software or other machines, each inspected once, complete.

watchdog reports new and moved-in files; a periodic rescan catches anything
its event queue lost in a burst. A file is taken only once its size has stayed
the same for ``settle_s`` (the writer has finished); a JPEG must also end with
its end-of-image marker. A file that never settles is reported as an error
after ``give_up_s``, so it is counted rather than forgotten; an entry that is no
file at all (a folder named like an image, a link that loops or points nowhere,
a pipe) is reported as an error at once, and never opened.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from station.capture.base import FrameSource, SourceError
from station.capture.folder import entry_problem, list_entries
from station.capture.imagefile import ImageReadError, is_image_name, read_image
from station.core.types import Frame

log = logging.getLogger(__name__)

SEEN_MEMORY = 200_000  # names remembered to guarantee "once"; bounded so memory stays flat


@dataclass
class _Pending:
    size: int
    mtime_ns: int
    stable_since: float
    first_seen: float


class WatchFolderSource(FrameSource):
    """``watch:DIR[?existing=process|skip&settle=0.5]``: new images in DIR, in arrival order."""

    live = False  # files wait on disk: back-pressure, never drops

    def __init__(
        self, uri: str, folder: Path, process_existing: bool = False, settle_s: float = 0.5, give_up_s: float = 60.0
    ) -> None:
        super().__init__(uri)
        self.folder = folder
        self.process_existing = process_existing
        self.settle_s = settle_s
        self.give_up_s = give_up_s
        self.rescan_s = 2.0
        self._pending: dict[Path, _Pending] = {}
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._observer: object | None = None

    def open(self) -> None:
        if not self.folder.is_dir():
            raise SourceError(f"watched folder {self.folder} does not exist")
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        source = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type not in ("created", "modified", "moved", "closed"):
                    return
                path = event.dest_path if event.event_type == "moved" else event.src_path
                source._note(Path(str(path)))

        self._closed.clear()
        existing = self._scan()
        if not self.process_existing:
            for path in existing:
                self._remember(path.name)
        observer = Observer()
        observer.schedule(Handler(), str(self.folder), recursive=False)
        observer.daemon = True
        observer.start()
        self._observer = observer
        for path in existing:
            self._note(path)

    def interrupt(self) -> None:
        self._closed.set()

    def close(self) -> None:
        self._closed.set()
        observer = self._observer
        self._observer = None
        if observer is not None:
            observer.stop()  # type: ignore[attr-defined]
            observer.join(timeout=2)  # type: ignore[attr-defined]

    def _scan(self) -> list[Path]:
        try:
            return list_entries(self.folder)
        except OSError as exc:  # the share went away for a moment: the next rescan tries again
            log.warning("cannot list watched folder %s: %s", self.folder, exc)
            return []

    def _remember(self, name: str) -> None:
        self._seen[name] = None
        if len(self._seen) > SEEN_MEMORY:
            self._seen.popitem(last=False)

    def _note(self, path: Path) -> None:
        if path.parent != self.folder or path.name.startswith(".") or (not is_image_name(path) and path.is_dir()):
            return
        with self._lock:
            if path.name in self._seen or path in self._pending:
                return
            now = time.monotonic()
            self._pending[path] = _Pending(-1, -1, now, now)

    def _ready(self) -> list[tuple[Path, str | None, float]]:
        """Files whose writer has finished (or that never will), oldest first, with an error if any."""
        now = time.monotonic()
        done: list[tuple[Path, str | None, float]] = []
        with self._lock:
            for path, state in list(self._pending.items()):
                if not os.path.lexists(path):
                    del self._pending[path]  # renamed or removed before we got to it
                    continue
                problem = entry_problem(path)
                if problem is not None:  # no file to wait for: a folder, a pipe, a link that leads nowhere
                    done.append((path, problem, state.first_seen))
                    continue
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    del self._pending[path]
                    continue
                if (stat.st_size, stat.st_mtime_ns) != (state.size, state.mtime_ns):
                    state.size, state.mtime_ns, state.stable_since = stat.st_size, stat.st_mtime_ns, now
                    continue
                if now - state.stable_since >= self.settle_s and stat.st_size > 0:
                    done.append((path, None, state.first_seen))
                elif now - state.first_seen >= self.give_up_s:
                    late = (
                        f"{path.name} stayed empty (0 bytes) for {self.give_up_s:.0f} s"
                        if stat.st_size == 0
                        else f"{path.name} was still being written after {self.give_up_s:.0f} s"
                    )
                    done.append((path, late, state.first_seen))
            for path, _, _ in done:
                del self._pending[path]
                self._remember(path.name)
        done.sort(key=lambda item: item[0].name)
        return done

    def frames(self) -> Iterator[Frame]:
        index = 0
        last_scan = time.monotonic()
        while not self._closed.is_set():
            if time.monotonic() - last_scan >= self.rescan_s:
                for path in self._scan():
                    self._note(path)
                last_scan = time.monotonic()
            ready = self._ready()
            if not ready:
                self._closed.wait(0.05)
                continue
            for path, error, first_seen in ready:
                stamp = time.time()
                if error is None and not is_image_name(path):
                    error = f"{path.name} is not an image file"
                if error is None:
                    try:
                        yield Frame(str(path), index, read_image(path), stamp)
                    except ImageReadError as exc:
                        if "truncated" in str(exc) and time.monotonic() - first_seen < self.give_up_s:
                            self._retry(path, first_seen)  # a writer that paused mid-file: wait for the rest
                            continue
                        yield Frame(str(path), index, None, stamp, error=str(exc))
                else:
                    yield Frame(str(path), index, None, stamp, error=error)
                index += 1

    def _retry(self, path: Path, first_seen: float) -> None:
        """Put a half-written file back to wait, keeping when it was first seen."""
        with self._lock:
            self._seen.pop(path.name, None)
            self._pending[path] = _Pending(-1, -1, time.monotonic(), first_seen)
