"""Frame sources, chosen by URI, each a context manager that yields Frames.

Sources are listed in an explicit registry (``SOURCES``), never discovered by
import scanning, so a packaged app finds exactly the same ones. This module is
the registry: it imports the sources, none of them imports it (the contract they
share is ``station.capture.base``). The names other layers use are re-exported
here: ``open_source``, ``SourceContext``, ``FrameSource``, ``SourceError``,
``SourceOffline``, ``StreamStats``, ``FolderSource``, ``parse_options``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from station.capture.base import (
    DEFAULT_MAX_OFFLINE_S,
    FrameSource,
    SourceError,
    SourceOffline,
    StreamStats,
    parse_options,
)
from station.capture.folder import FolderSource

__all__ = [
    "DEFAULT_MAX_OFFLINE_S",
    "SOURCES",
    "FolderSource",
    "FrameSource",
    "SourceContext",
    "SourceError",
    "SourceOffline",
    "StreamStats",
    "open_source",
    "parse_options",
]

SourceFactory = Callable[[str, str, "SourceContext"], FrameSource]


class SourceContext:
    """What a factory may need beyond the URI: the recipe (for ``demo``), the resources folder, and the
    station's default ``max_offline_s`` for live cameras (a URI's ``max_offline=S`` overrides it; None or 0:
    wait for ever)."""

    def __init__(self, recipe_name: str, resources: Path, max_offline_s: float | None = DEFAULT_MAX_OFFLINE_S) -> None:
        self.recipe_name = recipe_name
        self.resources = resources
        self.max_offline_s = max_offline_s or None


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
        options = stream_options(
            parse_options(query), live_default, max_offline_s=ctx.max_offline_s, replay=kind == "video"
        )
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
    params = parse_options(query)
    return GigESource(uri, device, parse_gige_options(params, max_offline_s=ctx.max_offline_s))


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
