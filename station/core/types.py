"""Frozen result types that travel from capture to the UI, history and reports.

Images are NumPy arrays in OpenCV's convention (BGR, uint8, H x W x 3) and every
coordinate is in the source image's pixels, so nothing downstream has to know
what resolution a model ran at.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np


class Verdict(enum.StrEnum):
    """What the station says about one part."""

    OK = "OK"
    NG = "NG"
    ERROR = "ERROR"  # the part could not be inspected; see Inspection.error


def _frozen_mapping(values: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(values))


@dataclass(frozen=True, eq=False)
class Frame:
    """One image from a source, or the reason a source could not produce it.

    A source reports an unreadable file as a frame with ``error`` set instead of
    skipping it, so every part delivered is counted exactly once downstream.
    """

    source_id: str
    index: int
    image: np.ndarray | None
    timestamp: float = field(default_factory=time.time)
    error: str | None = None

    def __post_init__(self) -> None:
        if (self.image is None) == (self.error is None):
            raise ValueError("a Frame carries either an image or an error, not both or neither")
        image = self.image
        if image is not None and (image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3):
            raise ValueError(f"Frame.image must be BGR uint8 H x W x 3, got {image.dtype} {image.shape}")

    @property
    def size(self) -> tuple[int, int] | None:
        """(width, height) of the image, or None for an error frame."""
        if self.image is None:
            return None
        return int(self.image.shape[1]), int(self.image.shape[0])


@dataclass(frozen=True)
class Detection:
    """A named, boxed defect; the box is (x1, y1, x2, y2) in source pixels."""

    label: str
    class_id: int
    confidence: float
    box: tuple[float, float, float, float]

    def __post_init__(self) -> None:
        x1, y1, x2, y2 = self.box
        if not (x2 >= x1 and y2 >= y1):
            raise ValueError(f"Detection box must be x1<=x2, y1<=y2, got {self.box}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"Detection confidence must be in [0, 1], got {self.confidence}")

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "class_id": self.class_id,
            "confidence": round(self.confidence, 5),
            "box": [round(v, 2) for v in self.box],
        }


@dataclass(frozen=True, eq=False)
class Inspection:
    """Everything the station decided about one part, and the evidence for it.

    ``heatmap`` is the classifier's Grad-CAM for the defect class at feature-map
    resolution, normalised to [0, 1]; views scale it to the image. ``timings_ms``
    holds one entry per stage that ran (preprocess, classifier, heatmap,
    detector, total). ``model_hashes`` maps each model role to the SHA-256 of the
    file, so a result can always be traced to the exact model that made it.
    """

    source_id: str
    index: int
    timestamp: float
    verdict: Verdict
    defect_score: float | None = None
    threshold: float | None = None
    class_probabilities: Mapping[str, float] = field(default_factory=dict)
    heatmap: np.ndarray | None = None
    detections: tuple[Detection, ...] = ()
    timings_ms: Mapping[str, float] = field(default_factory=dict)
    model_hashes: Mapping[str, str] = field(default_factory=dict)
    image_size: tuple[int, int] | None = None
    error: str | None = None
    part_id: str | None = None  # the part's id or serial when the line gives one (PLC, barcode)

    def __post_init__(self) -> None:
        object.__setattr__(self, "class_probabilities", _frozen_mapping(self.class_probabilities))
        object.__setattr__(self, "timings_ms", _frozen_mapping(self.timings_ms))
        object.__setattr__(self, "model_hashes", _frozen_mapping(self.model_hashes))
        object.__setattr__(self, "detections", tuple(self.detections))
        if (self.verdict is Verdict.ERROR) != (self.error is not None):
            raise ValueError("an Inspection has an error exactly when its verdict is ERROR")

    @classmethod
    def failed(cls, frame: Frame, error: str, timings_ms: Mapping[str, float] | None = None) -> Inspection:
        """The record of a part that could not be inspected, so it is still counted."""
        return cls(
            source_id=frame.source_id,
            index=frame.index,
            timestamp=frame.timestamp,
            verdict=Verdict.ERROR,
            timings_ms=timings_ms or {},
            image_size=frame.size,
            error=error,
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (no pixel data) for JSON lines and logs."""
        return {
            "source_id": self.source_id,
            "index": self.index,
            "timestamp": self.timestamp,
            "verdict": self.verdict.value,
            "defect_score": None if self.defect_score is None else round(self.defect_score, 6),
            "threshold": self.threshold,
            "class_probabilities": {k: round(v, 6) for k, v in self.class_probabilities.items()},
            "detections": [d.to_json() for d in self.detections],
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
            "model_hashes": dict(self.model_hashes),
            "image_size": list(self.image_size) if self.image_size else None,
            "error": self.error,
            "part_id": self.part_id,
        }
