"""Run metrics, counted so the numbers always add up.

``delivered`` (frames the source produced) = ``parts`` + ``dropped``;
``parts`` = ``ok`` + ``ng`` + ``errors``; ``inspected`` = ``ok`` + ``ng``;
``not_inspected`` = ``dropped`` + parts a live camera missed while offline.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from station.core.types import Frame, Inspection, Verdict


class Inspector(Protocol):
    def inspect(self, frame: Frame, with_heatmap: bool = True) -> Inspection: ...


@dataclass
class RunMetrics:
    """Counters and a bounded window of latencies (memory stays flat on long runs)."""

    window: int = 10_000
    ok: int = 0
    ng: int = 0
    errors: int = 0
    started: float = field(default_factory=time.perf_counter)
    latencies_ms: deque[float] = field(init=False)

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
            "latency_ms_p99": round(float(np.percentile(lat, 99)), 3) if lat.size else None,
        }
