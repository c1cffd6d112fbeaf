"""Run a source through the cascade into sinks, keeping count of every part.

Summary semantics, so the numbers always add up: ``parts`` = every frame the
source delivered = ``ok`` + ``ng`` + ``errors``; ``inspected`` = ``ok`` + ``ng``.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import cv2
import numpy as np

from station.core.types import Frame, Inspection, Verdict
from station.inference.annotate import annotate


class Inspector(Protocol):
    def inspect(self, frame: Frame, with_heatmap: bool = True) -> Inspection: ...


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


@dataclass
class RunMetrics:
    """Counters and a bounded window of latencies (memory stays flat on long runs)."""

    window: int = 10_000
    ok: int = 0
    ng: int = 0
    errors: int = 0
    started: float = field(default_factory=time.perf_counter)
    latencies_ms: deque[float] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.latencies_ms = deque(maxlen=self.window)

    def add(self, inspection: Inspection, latency_ms: float) -> None:
        if inspection.verdict is Verdict.OK:
            self.ok += 1
        elif inspection.verdict is Verdict.NG:
            self.ng += 1
        else:
            self.errors += 1
        if inspection.verdict is not Verdict.ERROR:
            self.latencies_ms.append(latency_ms)

    @property
    def parts(self) -> int:
        return self.ok + self.ng + self.errors

    def summary(self) -> dict[str, Any]:
        elapsed = time.perf_counter() - self.started
        lat = np.asarray(self.latencies_ms, dtype=np.float64)
        return {
            "parts": self.parts,
            "inspected": self.ok + self.ng,
            "ok": self.ok,
            "ng": self.ng,
            "errors": self.errors,
            "parts_per_s": round(self.parts / elapsed, 3) if elapsed > 0 else 0.0,
            "latency_ms_p50": round(float(np.percentile(lat, 50)), 3) if lat.size else None,
            "latency_ms_p95": round(float(np.percentile(lat, 95)), 3) if lat.size else None,
        }


def run(
    frames: Iterable[Frame],
    inspector: Inspector,
    sinks: Iterable[Sink] = (),
    max_frames: int | None = None,
    on_part: Callable[[Inspection, RunMetrics], None] | None = None,
) -> RunMetrics:
    """Inspect frames in order until the source ends or ``max_frames`` parts were handled."""
    sinks = list(sinks)
    metrics = RunMetrics()
    if max_frames is not None and max_frames <= 0:
        return metrics
    for frame in frames:
        inspection = inspector.inspect(frame)
        latency_ms = (time.time() - frame.timestamp) * 1e3
        metrics.add(inspection, latency_ms)
        for sink in sinks:
            sink.write(inspection, frame)
        if on_part is not None:
            on_part(inspection, metrics)
        if max_frames is not None and metrics.parts >= max_frames:
            break
    return metrics
