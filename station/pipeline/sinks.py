"""Where inspections go: JSON lines, annotated images (and later history, the UI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Protocol

import cv2

from station.core.types import Frame, Inspection
from station.inference.annotate import annotate


class Sink(Protocol):
    def write(self, inspection: Inspection, frame: Frame) -> None: ...


class JsonLinesSink:
    """One JSON object per part, flushed each line so a crash loses at most the current part."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, inspection: Inspection, frame: Frame) -> None:
        self.stream.write(json.dumps(inspection.to_json()) + "\n")
        self.stream.flush()


class OverlaySink:
    """Saves each inspected part as a JPEG with its heatmap, boxes and verdict, for people to look at."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, inspection: Inspection, frame: Frame) -> None:
        if frame.image is None:
            return
        name = f"{inspection.index:06d}_{inspection.verdict.value}_{Path(inspection.source_id).stem}.jpg"
        cv2.imwrite(str(self.folder / name), annotate(frame.image, inspection))
