"""The pipeline keeps count of every frame, drops only where the policy says, and stops promptly."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import numpy as np

from station.capture.sources import FrameSource
from station.core.types import Frame, Inspection, Verdict
from station.pipeline.engine import Pipeline


class SlowInspector:
    """Stands in for the cascade: takes ``seconds`` per part, NG on odd indices."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.seen: list[int] = []
        self.sources: list[str] = []

    def inspect(self, frame: Frame, with_heatmap: bool = True) -> Inspection:
        time.sleep(self.seconds)
        self.seen.append(frame.index)
        self.sources.append(frame.source_id)
        if frame.image is None:
            return Inspection.failed(frame, frame.error or "no image")
        verdict = Verdict.NG if frame.index % 2 else Verdict.OK
        return Inspection(frame.source_id, frame.index, frame.timestamp, verdict, defect_score=0.5)


class SyntheticSource(FrameSource):
    """Frames as fast as asked, forever or ``count`` of them; ``live`` picks the drop policy."""

    def __init__(self, live: bool, count: int | None, interval: float = 0.0, fail_at: int | None = None) -> None:
        super().__init__("synthetic")
        self.live = live
        self.count = count
        self.interval = interval
        self.fail_at = fail_at
        self.closed = threading.Event()

    def close(self) -> None:
        self.closed.set()

    def frames(self) -> Iterator[Frame]:
        image = np.zeros((8, 8, 3), np.uint8)
        index = 0
        while self.count is None or index < self.count:
            if index == self.fail_at:
                raise OSError("camera unplugged")
            yield Frame("synthetic", index, image if index % 5 else None, error=None if index % 5 else "bad frame")
            index += 1
            if self.interval:
                time.sleep(self.interval)


class ExplodingSink:
    def __init__(self) -> None:
        self.calls = 0

    def write(self, inspection: Inspection, frame: Frame) -> None:
        self.calls += 1
        raise OSError(28, "No space left on device")


def test_file_source_is_never_dropped_and_keeps_order() -> None:
    inspector = SlowInspector(0.002)
    pipeline = Pipeline(SyntheticSource(live=False, count=60), inspector, queue_size=2).start()
    assert pipeline.join(timeout=20)
    s = pipeline.summary()
    assert s["delivered"] == s["parts"] == 60 and s["not_inspected"] == 0
    assert s["errors"] == 12 and s["ok"] + s["ng"] == 48
    assert inspector.seen == list(range(60))


def test_live_source_drops_oldest_and_counts_them() -> None:
    inspector = SlowInspector(0.01)
    pipeline = Pipeline(SyntheticSource(live=True, count=400), inspector, queue_size=2).start()
    assert pipeline.join(timeout=20)
    s = pipeline.summary()
    assert s["delivered"] == 400
    assert s["not_inspected"] > 0
    assert s["parts"] + s["not_inspected"] == s["delivered"]
    assert inspector.seen[-1] == 399  # the newest frame is always inspected
    assert inspector.seen == sorted(inspector.seen)


def test_stop_returns_within_a_second_and_releases_the_source() -> None:
    source = SyntheticSource(live=True, count=None, interval=0.001)
    pipeline = Pipeline(source, SlowInspector(0.05), queue_size=4).start()
    time.sleep(0.3)
    started = time.monotonic()
    assert pipeline.stop(timeout=1.0)
    assert time.monotonic() - started < 1.0
    assert source.closed.is_set() and not pipeline.running
    s = pipeline.summary()
    assert s["parts"] + s["not_inspected"] == s["delivered"]


def test_stop_on_a_blocked_file_source_counts_what_was_waiting() -> None:
    pipeline = Pipeline(SyntheticSource(live=False, count=1000), SlowInspector(0.02), queue_size=3).start()
    time.sleep(0.2)
    assert pipeline.stop(timeout=1.0)
    s = pipeline.summary()
    assert s["parts"] + s["not_inspected"] == s["delivered"] < 1000


def test_failing_sink_does_not_stop_inspection() -> None:
    sink = ExplodingSink()
    pipeline = Pipeline(SyntheticSource(live=False, count=10), SlowInspector(0), [sink]).start()
    assert pipeline.join(timeout=10)
    s = pipeline.summary()
    assert s["parts"] == 10 and s["sink_errors"] == 10 == sink.calls


def test_source_failure_ends_the_run_with_everything_counted() -> None:
    source = SyntheticSource(live=False, count=50, fail_at=7)
    pipeline = Pipeline(source, SlowInspector(0)).start()
    assert pipeline.join(timeout=10)
    assert isinstance(pipeline.failure, OSError) and source.closed.is_set()
    s = pipeline.summary()
    assert s["delivered"] == s["parts"] == 7


def test_max_frames_limits_delivery() -> None:
    pipeline = Pipeline(SyntheticSource(live=False, count=None), SlowInspector(0), max_frames=25).start()
    assert pipeline.join(timeout=10)
    assert pipeline.summary()["parts"] == 25


def test_repeated_start_stop_leaves_no_threads_behind() -> None:
    # the threads alive before, not their count: threads of earlier tests (a window's workers) may end meanwhile
    before = set(threading.enumerate())
    for _ in range(20):
        source = SyntheticSource(live=True, count=None, interval=0.001)
        pipeline = Pipeline(source, SlowInspector(0.001)).start()
        time.sleep(0.02)
        assert pipeline.stop(timeout=1.0)
        assert source.closed.is_set()
    assert [t for t in threading.enumerate() if t not in before] == []


def test_folder_replay_loops_at_the_asked_rate(tmp_path: object) -> None:
    from pathlib import Path

    from station.capture.sources import SourceContext, open_source

    demo = Path(__file__).parent / "data" / "casting" / "ok"
    source = open_source(f"folder:{demo}?loop=1&fps=100", SourceContext("x", Path(".")))
    source.open()
    started = time.monotonic()
    pipeline = Pipeline(source, SlowInspector(0), max_frames=150).start()
    assert pipeline.join(timeout=20)
    elapsed = time.monotonic() - started
    assert pipeline.summary()["parts"] == 150  # more than the 60 files: it looped
    assert elapsed >= 1.3  # paced at 100 frames/s, not as fast as possible


def test_repeated_start_stop_does_not_grow_memory() -> None:
    import gc
    from pathlib import Path

    def rss_mb() -> float:
        import os

        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    if not Path("/proc/self/statm").exists():
        import pytest

        pytest.skip("needs /proc to read resident memory")

    def cycle() -> None:
        pipeline = Pipeline(SyntheticSource(live=True, count=None), SlowInspector(0), queue_size=8).start()
        time.sleep(0.01)
        assert pipeline.stop(timeout=1.0)

    for _ in range(20):  # warm-up: allocator pools, thread stacks
        cycle()
    gc.collect()
    before = rss_mb()
    for _ in range(200):
        cycle()
    gc.collect()
    assert rss_mb() - before < 10.0
