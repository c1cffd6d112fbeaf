"""Frame sources, chosen by URI, each a context manager that yields Frames.

Sources are listed in an explicit registry (``SOURCES``), never discovered by
import scanning, so a packaged app finds exactly the same ones.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from station.capture.imagefile import ImageReadError, is_image_name, read_image
from station.core.types import Frame

log = logging.getLogger(__name__)


class SourceError(Exception):
    """A source cannot be opened at all (missing folder, unknown URI); one line for the user."""


@dataclass
class StreamStats:
    """What a live source did, for the summary and the operator's status bar."""

    frames: int = 0
    reconnects: int = 0
    failed_reads: int = 0
    frozen_detections: int = 0
    offline_seconds: float = 0.0
    offline_since: float | None = None

    def to_json(self) -> dict[str, Any]:
        offline = self.offline_seconds + (time.monotonic() - self.offline_since if self.offline_since else 0.0)
        return {
            "frames": self.frames,
            "reconnects": self.reconnects,
            "failed_reads": self.failed_reads,
            "frozen_detections": self.frozen_detections,
            "offline_s": round(offline, 3),
        }


class FrameSource(ABC):
    """Yields frames until exhausted or closed. ``live`` sources may drop frames; file sources never do."""

    live: bool = False

    def __init__(self, uri: str) -> None:
        self.uri = uri

    def open(self) -> None:  # noqa: B027 - sources without a device have nothing to acquire
        """Acquire the device or check the folder; raise SourceError if impossible."""

    def close(self) -> None:  # noqa: B027
        """Release whatever ``open`` acquired; safe to call twice."""

    def counters(self) -> dict[str, Any]:
        """What the source did (frames, reconnects, time offline ...); empty for plain files."""
        return {}

    def interrupt(self) -> None:  # noqa: B027 - finite sources end by themselves
        """Make a waiting ``frames()`` return soon; called from another thread by ``Pipeline.stop``."""

    @abstractmethod
    def frames(self) -> Iterator[Frame]:
        """Frames in delivery order; unreadable parts come as error frames, never silently skipped."""

    def __enter__(self) -> FrameSource:
        self.open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class FolderSource(FrameSource):
    """Every file of a folder once, in sorted name order (hidden files ignored).

    A file that is not a readable image becomes an error frame, so the run's
    summary accounts for every file in the folder.
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
        self.files = sorted(p for p in self.folder.iterdir() if p.is_file() and not p.name.startswith("."))
        if not self.files:
            raise SourceError(f"source folder {self.folder} holds no files")

    def interrupt(self) -> None:
        self._closed.set()

    def frames(self) -> Iterator[Frame]:
        """Each file once (or over and over with ``loop``), paced at ``fps`` when given."""
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
                yield self._read(path, index)
                index += 1
            if not self.loop:
                return

    @staticmethod
    def _read(path: Path, index: int) -> Frame:
        stamp = time.time()
        if not is_image_name(path):
            return Frame(str(path), index, None, stamp, error=f"{path.name} is not an image file")
        try:
            return Frame(str(path), index, read_image(path), stamp)
        except ImageReadError as exc:
            return Frame(str(path), index, None, stamp, error=str(exc))
        except MemoryError:
            return Frame(str(path), index, None, stamp, error=f"{path.name} is too large to decode in memory")


def parse_options(query: str) -> dict[str, str]:
    """``a=1&b=2`` -> {"a": "1", "b": "2"}: the options part of a source URI."""
    from urllib.parse import parse_qsl

    return dict(parse_qsl(query, keep_blank_values=True))


SourceFactory = Callable[[str, str, "SourceContext"], FrameSource]


class SourceContext:
    """What a factory may need beyond the URI: the recipe (for ``demo``) and the resources folder."""

    def __init__(self, recipe_name: str, resources: Path) -> None:
        self.recipe_name = recipe_name
        self.resources = resources


def _replay_options(query: str, scheme: str) -> tuple[bool, float | None]:
    params = parse_options(query)
    unknown = set(params) - {"loop", "fps"}
    if unknown:
        raise SourceError(f"unknown {scheme}: options: {', '.join(sorted(unknown))} (use loop=1, fps=N)")
    try:
        fps = float(params["fps"]) if params.get("fps") else None
    except ValueError as exc:
        raise SourceError(f"{scheme}: fps= takes a number") from exc
    return params.get("loop", "0") == "1", fps


def _folder(uri: str, rest: str, ctx: SourceContext) -> FrameSource:
    folder, _, query = rest.partition("?")
    if not folder:
        raise SourceError("folder: needs a directory, e.g. folder:/data/parts")
    loop, fps = _replay_options(query, "folder")
    return FolderSource(uri, Path(folder).expanduser(), loop=loop, fps=fps)


def _demo(uri: str, rest: str, ctx: SourceContext) -> FrameSource:
    folder = ctx.resources / "demo" / ctx.recipe_name
    if not folder.is_dir():
        have = sorted(p.name for p in (ctx.resources / "demo").glob("*") if p.is_dir())
        raise SourceError(f"no demo images for recipe {ctx.recipe_name!r} (demo sets: {', '.join(have) or 'none'})")
    loop, fps = _replay_options(rest.lstrip("?"), "demo")
    return FolderSource(uri, folder, loop=loop, fps=fps)


def _opencv(live_default: bool, kind: str) -> SourceFactory:
    def factory(uri: str, rest: str, ctx: SourceContext) -> FrameSource:
        from station.capture.opencv import OpenCvSource, stream_options

        target_text, _, query = rest.partition("?")
        options = stream_options(parse_options(query), live_default)
        target: int | str
        if kind == "usb":
            if not target_text.isdigit():
                raise SourceError(f"usb: needs a camera number, e.g. usb:0 (got {uri!r})")
            target = int(target_text)
        elif kind == "video":
            if not Path(target_text).is_file():
                raise SourceError(f"video file {target_text} does not exist")
            target = target_text
        else:  # a network stream: the URI itself, without our options
            target = uri.partition("?")[0]
        return OpenCvSource(uri, target, options)

    return factory


def _watch(uri: str, rest: str, ctx: SourceContext) -> FrameSource:
    from station.capture.watch import WatchFolderSource

    folder, _, query = rest.partition("?")
    params = parse_options(query)
    unknown = set(params) - {"existing", "settle"}
    if unknown:
        raise SourceError(f"unknown watch: options: {', '.join(sorted(unknown))} (use existing=process|skip, settle=S)")
    if params.get("existing", "skip") not in ("process", "skip"):
        raise SourceError("watch: existing= takes process or skip")
    return WatchFolderSource(
        uri,
        Path(folder).expanduser(),
        process_existing=params.get("existing", "skip") == "process",
        settle_s=float(params.get("settle", 0.5)),
    )


def _gige(uri: str, rest: str, ctx: SourceContext) -> FrameSource:
    from station.capture.gige import GigESource, parse_gige_options

    device, _, query = rest.partition("?")
    if not device:
        raise SourceError("gige: needs a camera address or id, e.g. gige:192.168.1.20 (see `station cameras`)")
    return GigESource(uri, device, parse_gige_options(parse_options(query)))


SOURCES: dict[str, SourceFactory] = {
    "gige": _gige,
    "folder": _folder,
    "watch": _watch,
    "demo": _demo,
    "usb": _opencv(live_default=True, kind="usb"),
    "video": _opencv(live_default=False, kind="video"),
    "rtsp": _opencv(live_default=True, kind="stream"),
    "rtsps": _opencv(live_default=True, kind="stream"),
}


def open_source(uri: str, ctx: SourceContext) -> FrameSource:
    """The source for ``uri`` (``scheme:rest`` or a bare ``demo``); raises SourceError for unknown schemes."""
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)(?::|(?=\?)|$)(.*)$", uri)
    scheme, rest = (match.group(1), match.group(2)) if match else ("", uri)
    factory = SOURCES.get(scheme)
    if factory is None:
        raise SourceError(f"unknown source {uri!r}; use one of: {', '.join(s + ':' for s in SOURCES)} (or demo)")
    return factory(uri, rest, ctx)
