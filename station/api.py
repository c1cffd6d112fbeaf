"""The Python API: inspect images from a script or a notebook with the station's own models and settings.

    from station import Inspector

    with Inspector("casting") as inspector:
        result = inspector.inspect("part.jpg")          # or a BGR uint8 NumPy array
        print(result.verdict, result.defect_score, result.threshold, result.detections)
        for result in inspector.inspect_many(["a.jpg", "b.jpg"]):
            ...

It loads the recipe through the same run session as the app and ``station
inspect`` (same settings file, same operating threshold), so a script sees
the verdicts the line sees. Nothing is recorded unless ``record=True``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from station.capture.imagefile import ImageReadError, read_image
from station.capture.sources import FrameSource
from station.core.config import StationConfig
from station.core.types import Frame, Inspection
from station.inference.cascade import Cascade
from station.inference.onnxmodel import Device
from station.inference.preprocess import ImageFormatError, as_bgr8
from station.session import RunOptions, RunSession, load_cascade

ImageInput = str | os.PathLike[str] | np.ndarray


class _PathsSource(FrameSource):
    """A finite source over the paths a caller gave: every one a frame, unreadable ones as errors."""

    live = False

    def __init__(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        super().__init__("paths")
        self.paths = paths

    def frames(self) -> Iterator[Frame]:
        for index, raw in enumerate(self.paths):
            path = Path(raw)
            try:
                yield Frame(str(path), index, read_image(path))
            except ImageReadError as exc:
                yield Frame(str(path), index, None, error=str(exc))


class Inspector:
    """One recipe's cascade, loaded once; see the module docstring.

    ``device`` is ``auto`` (GPU when ONNX Runtime has one), ``cpu`` or ``cuda``. ``config`` is a
    settings file or object (default: the user's station.yaml, as every command reads it). With
    ``record=True``, ``inspect_many`` records every part to the settings' history, as the line does.
    """

    def __init__(
        self,
        recipe: str | os.PathLike[str],
        device: Device = "auto",
        config: StationConfig | str | os.PathLike[str] | None = None,
        record: bool = False,
    ) -> None:
        if isinstance(config, StationConfig):
            self.config = config
        else:
            self.config, _ = StationConfig.resolve(Path(config) if config is not None else None)
        self.record = record
        self.cascade: Cascade = load_cascade(
            self.config, Path(recipe) if Path(recipe).is_dir() else str(recipe), device
        )
        self._lock = threading.Lock()
        self._count = 0

    @property
    def threshold(self) -> float | None:
        return self.cascade.threshold

    def inspect(self, image: ImageInput) -> Inspection:
        """One part: a path or a BGR (or grey) uint8 array. A bad file becomes an ERROR inspection, not a raise."""
        with self._lock:
            self._count += 1
            index = self._count
        if isinstance(image, np.ndarray):
            try:
                frame = Frame("array", index, as_bgr8(image))
            except ImageFormatError as exc:
                frame = Frame("array", index, None, error=str(exc))
        else:
            path = Path(image)
            try:
                frame = Frame(str(path), index, read_image(path), timestamp=time.time())
            except ImageReadError as exc:
                frame = Frame(str(path), index, None, error=str(exc))
        return self.cascade.inspect(frame)

    def inspect_many(self, paths: Iterable[str | os.PathLike[str]]) -> list[Inspection]:
        """Many files through the station's pipeline (reading overlaps inspection), in order."""
        results: list[Inspection] = []
        session = RunSession(
            self.config,
            self.cascade,
            RunOptions(
                source="paths", record=self.record, on_part=lambda inspection, _frame: results.append(inspection)
            ),
        )
        session.start_with(_PathsSource(paths))
        session.wait()
        session.stop()
        return results

    def close(self) -> None:
        """Release the models' sessions (the object is unusable afterwards)."""
        self.cascade = None  # type: ignore[assignment]

    def __enter__(self) -> Inspector:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        info: dict[str, Any] = {"recipe": self.cascade.recipe.name, "threshold": self.threshold} if self.cascade else {}
        return f"Inspector({info})"
