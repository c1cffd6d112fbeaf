"""A stand-in run session for the line tests: a LineHost whose 'camera' makes one synthetic part per trigger."""

from __future__ import annotations

import queue
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from station.core.types import Detection, Frame, Inspection, Verdict

_IMAGE = np.zeros((4, 4, 3), np.uint8)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def inspection(index: int, verdict: Verdict = Verdict.OK, at: float | None = None, score: float = 0.1) -> Inspection:
    """A synthetic inspection (no model): NG parts carry one 'porosity' box."""
    stamp = time.time() if at is None else at
    if verdict is Verdict.ERROR:
        return Inspection.failed(Frame("cam", index, None, stamp, error="unreadable"), "unreadable")
    boxes = (Detection("porosity", 2, 0.9, (1.0, 1.0, 3.0, 3.0)),) if verdict is Verdict.NG else ()
    return Inspection(
        "cam", index, stamp, verdict, defect_score=score, threshold=0.5, detections=boxes,
        timings_ms={"total": 12.0}, model_hashes={"classifier": "ab" * 32},
    )  # fmt: skip


def frame(index: int, at: float | None = None) -> Frame:
    return Frame("cam", index, _IMAGE, time.time() if at is None else at)


class FakeHost:
    """Implements LineHost; on each trigger a thread 'inspects' for ``inspect_s`` and writes to the sink."""

    def __init__(self, inspect_s: float = 0.01, verdict: Callable[[int], Verdict] | None = None) -> None:
        self.inspect_s = inspect_s
        self.verdict = verdict or (lambda i: Verdict.NG if i % 3 == 2 else Verdict.OK)
        self.sink: Any = None
        self.triggers = 0
        self.running = False
        self.recipe = "casting"
        self.calls: list[str] = []
        self.free_running = False
        self.skip: set[int] = set()  # picture numbers the 'camera' loses
        self.delay: dict[int, float] = {}  # picture number -> inspection time, for late parts
        self.written: list[tuple[int, Verdict, float]] = []  # (picture number, verdict, captured at)
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[tuple[int, float]] = queue.SimpleQueue()
        threading.Thread(target=self._work, daemon=True).start()

    def start_run(self) -> None:
        self.calls.append("start")
        self.running = True

    def stop_run(self) -> None:
        self.calls.append("stop")
        self.running = False

    def select_recipe(self, name: str) -> None:
        if name not in self.recipes():
            raise ValueError(f"no recipe {name!r}")
        self.calls.append(f"select {name}")
        self.recipe = name

    def recipes(self) -> list[str]:
        return ["casting", "steel_strip", "magnetic_tile"]

    def current_recipe(self) -> str:
        return self.recipe

    def authenticate(self, user: str, pin: str) -> str | None:
        return {("qa", "1234"): "qa", ("op", "1111"): "operator"}.get((user, pin))

    def fire_trigger(self) -> bool:
        with self._lock:
            n = self.triggers
            self.triggers += 1
        if n in self.skip:
            return True
        self._jobs.put((n, time.time()))
        return not self.free_running

    def _work(self) -> None:
        """One worker, parts in order: like the pipeline's inspection thread."""
        while True:
            n, captured = self._jobs.get()
            self._inspect(n, captured)

    def _inspect(self, n: int, captured: float) -> None:
        time.sleep(self.delay.get(n, self.inspect_s))
        v = self.verdict(n)
        with self._lock:
            self.written.append((n, v, captured))
        self.sink.write(inspection(n, v, captured, score=0.9 if v is Verdict.NG else 0.1), frame(n, captured))


def wait_for(condition: Callable[[], Any], timeout: float = 5.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.005)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
