"""A hot folder: every new image inspected exactly once, only when complete, even in bursts."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from station.capture.sources import SourceContext, open_source
from station.pipeline.engine import Pipeline
from tests.test_pipeline import SlowInspector

CTX = SourceContext("casting", Path("resources"))
SAMPLE = sorted((Path(__file__).parent / "data" / "casting" / "ok").iterdir())[0]


def _wait_for(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_burst_of_files_each_inspected_once(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "before_start.jpeg")
    source = open_source(f"watch:{folder}?settle=0.2", CTX)
    source.open()
    inspector = SlowInspector(0)
    pipeline = Pipeline(source, inspector).start()
    data = SAMPLE.read_bytes()
    for i in range(1000):
        (folder / f"part_{i:04d}.jpeg").write_bytes(data)
    assert _wait_for(lambda: pipeline.summary()["parts"] >= 1000, timeout=60)
    time.sleep(0.5)  # nothing more must arrive
    assert pipeline.stop(timeout=3)
    names = [Path(s).name for s in inspector.sources]
    assert len(set(names)) == len(names) == 1000
    summary = pipeline.summary()
    assert summary["parts"] == 1000 and summary["errors"] == 0
    assert "before_start.jpeg" not in names  # existing files skipped by default


def test_slowly_written_file_is_inspected_once_and_complete(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    source = open_source(f"watch:{folder}?settle=0.3", CTX)
    source.open()
    inspector = SlowInspector(0)
    pipeline = Pipeline(source, inspector).start()
    data = SAMPLE.read_bytes()

    def writer() -> None:
        with (folder / "slow.jpeg").open("wb") as f:
            for start in range(0, len(data), 1000):
                f.write(data[start : start + 1000])
                f.flush()
                time.sleep(0.02)

    thread = threading.Thread(target=writer)
    thread.start()
    thread.join()
    assert _wait_for(lambda: pipeline.summary()["parts"] >= 1, timeout=10)
    time.sleep(1.0)
    assert pipeline.stop(timeout=3)
    summary = pipeline.summary()
    assert summary["parts"] == 1 and summary["errors"] == 0


def test_existing_files_processed_on_request(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    for i in range(3):
        shutil.copy(SAMPLE, folder / f"old_{i}.jpeg")
    source = open_source(f"watch:{folder}?existing=process&settle=0.1", CTX)
    source.open()
    pipeline = Pipeline(source, SlowInspector(0)).start()
    assert _wait_for(lambda: pipeline.summary()["parts"] >= 3, timeout=10)
    assert pipeline.stop(timeout=3)
    assert pipeline.summary()["parts"] == 3


def test_watch_options_are_checked(tmp_path: Path) -> None:
    from station.capture.sources import SourceError

    with pytest.raises(SourceError, match="unknown watch: options: poll"):
        open_source(f"watch:{tmp_path}?poll=1", CTX)
    with pytest.raises(SourceError, match="does not exist"):
        open_source(f"watch:{tmp_path / 'nope'}", CTX).open()
