"""A folder of image files, every entry accounted for, and the check that says what an entry really is.

A folder on a line holds more than images: links that point nowhere or back at
themselves, a folder named like a picture, a pipe, a file the station may not
read. Each such entry becomes an error frame with its reason, so the run's
summary counts it; nothing in the folder is passed over without a word. A FIFO
is never opened (reading one would wait for ever).
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from station.capture.base import FrameSource, SourceError
from station.capture.imagefile import ImageReadError, is_image_name, read_image
from station.core.types import Frame

log = logging.getLogger(__name__)

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def entry_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as an image file (one line for the operator), or None for a regular file.

    Follows symbolic links; does not open the file (an unreadable or empty file is
    reported by ``read_image`` when it is read).
    """
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path.name} is a symbolic link that loops (it leads back to itself), not an image file"
        if isinstance(exc, FileNotFoundError) and path.is_symlink():
            return f"{path.name} is a broken symbolic link (it points to {os.readlink(path)}, which does not exist)"
        return f"cannot inspect {path.name}: {exc.strerror or exc}"
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISDIR(info.st_mode):
        return f"{path.name} is a folder, not an image file"
    return f"{path.name} is {_KINDS.get(stat.S_IFMT(info.st_mode), 'not a regular file')}, not an image file"


def is_plain_subfolder(path: Path) -> bool:
    """A sub-folder not named like an image (``rejected/``, ``masks/``): not a part, left alone."""
    return not is_image_name(path) and path.is_dir()


def list_entries(folder: Path) -> list[Path]:
    """The entries of ``folder`` that stand for parts, sorted by name: every visible entry except
    plain sub-folders (links that loop or point nowhere, pipes and folders named like images included)."""
    entries = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if is_plain_subfolder(path):
            log.debug("%s: sub-folder %s is not a part; not inspected", folder, path.name)
            continue
        entries.append(path)
    return entries


def read_entry(path: Path, index: int) -> Frame:
    """The frame for one folder entry: its image, or an error frame that says why there is none."""
    stamp = time.time()
    problem = entry_problem(path)
    if problem is None and not is_image_name(path):
        problem = f"{path.name} is not an image file"
    if problem is not None:
        return Frame(str(path), index, None, stamp, error=problem)
    try:
        return Frame(str(path), index, read_image(path), stamp)
    except ImageReadError as exc:
        return Frame(str(path), index, None, stamp, error=str(exc))
    except MemoryError:
        return Frame(str(path), index, None, stamp, error=f"{path.name} is too large to decode in memory")


class FolderSource(FrameSource):
    """Every entry of a folder once, in sorted name order (hidden files and plain sub-folders ignored).

    An entry that is not a readable image becomes an error frame, so the run's
    summary accounts for everything in the folder.
    """

    def __init__(self, uri: str, folder: Path, loop: bool = False, fps: float | None = None) -> None:
        super().__init__(uri)
        self.folder = folder
        self.loop = loop
        self.fps = fps
        self.files: list[Path] = []
        self._closed = threading.Event()

    def open(self) -> None:
        if not self.folder.is_dir():
            raise SourceError(f"source folder {self.folder} does not exist")
        try:
            self.files = list_entries(self.folder)
        except OSError as exc:
            raise SourceError(f"cannot list source folder {self.folder}: {exc.strerror or exc}") from exc
        if not self.files:
            raise SourceError(f"source folder {self.folder} holds no files")

    def interrupt(self) -> None:
        self._closed.set()

    def frames(self) -> Iterator[Frame]:
        """Each entry once (or over and over with ``loop``), paced at ``fps`` when given."""
        self._closed.clear()
        period = 1.0 / self.fps if self.fps else 0.0
        next_at = time.monotonic()
        index = 0
        while not self._closed.is_set():
            for path in self.files:
                if self._closed.is_set():
                    return
                if period:
                    self._closed.wait(max(0.0, next_at - time.monotonic()))
                    next_at = max(next_at + period, time.monotonic() - period)
                yield read_entry(path, index)
                index += 1
            if not self.loop:
                return
