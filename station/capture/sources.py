"""Frame sources, chosen by URI, each a context manager that yields Frames.

Sources are listed in an explicit registry (``SOURCES``), never discovered by
import scanning, so a packaged app finds exactly the same ones.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
    history: list[str] = field(default_factory=list)

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

    def __init__(self, uri: str, folder: Path) -> None:
        super().__init__(uri)
        self.folder = folder
        self.files: list[Path] = []

    def open(self) -> None:
        if not self.folder.is_dir():
            raise SourceError(f"source folder {self.folder} does not exist")
        self.files = sorted(p for p in self.folder.iterdir() if p.is_file() and not p.name.startswith("."))
        if not self.files:
            raise SourceError(f"source folder {self.folder} holds no files")

    def frames(self) -> Iterator[Frame]:
        for index, path in enumerate(self.files):
            stamp = time.time()
            if not is_image_name(path):
                yield Frame(str(path), index, None, stamp, error=f"{path.name} is not an image file")
                continue
            try:
                image = read_image(path)
            except ImageReadError as exc:
                yield Frame(str(path), index, None, stamp, error=str(exc))
                continue
            except MemoryError:
                yield Frame(str(path), index, None, stamp, error=f"{path.name} is too large to decode in memory")
                continue
            yield Frame(str(path), index, image, stamp)


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


def _folder(uri: str, rest: str, ctx: SourceContext) -> FrameSource:
    if not rest:
        raise SourceError("folder: needs a directory, e.g. folder:/data/parts")
    return FolderSource(uri, Path(rest).expanduser())


def _demo(uri: str, rest: str, ctx: SourceContext) -> FrameSource:
    folder = ctx.resources / "demo" / ctx.recipe_name
    if not folder.is_dir():
        have = sorted(p.name for p in (ctx.resources / "demo").glob("*") if p.is_dir())
        raise SourceError(f"no demo images for recipe {ctx.recipe_name!r} (demo sets: {', '.join(have) or 'none'})")
    return FolderSource(uri, folder)


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
    scheme, _, rest = uri.partition(":")
    factory = SOURCES.get(scheme)
    if factory is None:
        raise SourceError(f"unknown source {uri!r}; use one of: {', '.join(s + ':' for s in SOURCES)} (or demo)")
    return factory(uri, rest, ctx)
