"""The history writer under bad luck: a crawling disk, a stalled writer, bad names, bugs, shared folders.

Each test measures what a user relies on: memory actually held (tracemalloc, not a private counter),
every part recorded or counted with its reason, the writer alive after a surprise.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from station.core.types import Frame, Inspection, Verdict
from station.history.archive import ImageArchive
from station.history.recorder import Recorder, RecordingContext
from station.history.store import HistoryStore
from tests.history_writer import synthetic

MB = 1024 * 1024
WRITER = Path(__file__).parent / "history_writer.py"


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'history.db'}"


def _context(source: str = "synthetic") -> RecordingContext:
    return RecordingContext("st-1", "line-1", "casting", source)


def _part(index: int, verdict: Verdict, pixels: int = 1 * MB, source_id: str = "synthetic") -> tuple[Inspection, Frame]:
    side = int((pixels // 3) ** 0.5)
    image = np.full((side, side, 3), index % 255, np.uint8)
    inspection = Inspection(
        source_id=source_id,
        index=index,
        timestamp=time.time(),
        verdict=verdict,
        defect_score=0.9 if verdict is Verdict.NG else 0.1,
        threshold=0.5,
    )
    return inspection, Frame(source_id, index, image)


def test_a_stalled_writer_holds_no_more_pixels_than_its_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Measured with tracemalloc while the writer is stuck: OK frames that will not be archived are not
    kept at all, NG pictures only up to the bound; afterwards every part is recorded or counted."""
    gate = threading.Event()
    real_save = ImageArchive.save

    def stuck_save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(30)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(ImageArchive, "save", stuck_save)
    limit = 8 * MB
    recorder = Recorder(_url(tmp_path), tmp_path, _context(), ok_sample_every=0, max_pending_image_bytes=limit)
    assert recorder.wait_ready()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for index in range(120):
            recorder.write(*_part(index, Verdict.NG if index % 3 == 0 else Verdict.OK))
        held_now, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held_now - before <= limit + 2 * MB  # 120 MB of frames went through; about the bound stays
    gate.set()
    assert recorder.close()
    assert HistoryStore(_url(tmp_path)).stats().inspections == 120
    kept = sum(1 for p in (tmp_path / "images").rglob("*.jpg") if not p.name.endswith("_thumb.jpg"))
    assert kept + recorder.state.images_skipped == 40  # every NG part: a picture, or counted without one
    assert recorder.state.images_skipped > 0 and recorder.held() == (0, 0)


def test_past_the_count_bound_parts_are_counted_as_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    real_add = HistoryStore.add_inspections

    def stuck_add(self, rows):  # type: ignore[no-untyped-def]
        gate.wait(30)
        return real_add(self, rows)

    monkeypatch.setattr(HistoryStore, "add_inspections", stuck_add)
    recorder = Recorder(_url(tmp_path), tmp_path, _context(), ok_sample_every=0, max_pending_parts=50, batch_size=10)
    assert recorder.wait_ready()
    for index in range(200):
        recorder.write(*synthetic(index))
    gate.set()
    assert recorder.close()
    stored = HistoryStore(_url(tmp_path)).stats().inspections
    lost = recorder.state.not_recorded_total
    assert lost > 0 and stored + lost == 200
    assert "too far behind" in next(iter(recorder.state.not_recorded))


def test_a_file_name_that_is_not_utf8_is_recorded_and_the_writer_lives(tmp_path: Path) -> None:
    """17.1: the error text of b'b01_\\xff.jpg' carries surrogates; the writer used to die on it."""
    bad_name = os.fsdecode(b"b01_\xff.jpg")
    recorder = Recorder(_url(tmp_path), tmp_path, _context(f"folder:{tmp_path}"), ok_sample_every=0)
    frame = Frame(bad_name, 0, None, error=f"cannot read {bad_name}: not an image")
    recorder.write(Inspection.failed(frame, frame.error or ""), frame)
    for index in range(1, 20):
        recorder.write(*synthetic(index))
    assert recorder.close()
    assert recorder.state.recorded == 20 and recorder.state.not_recorded_total == 0
    errors = [r for r in HistoryStore(_url(tmp_path)).inspections_between(*_all_time()) if r.verdict == "ERROR"]
    assert len(errors) == 1 and "\\udcff" in errors[0].error


def test_a_writer_bug_is_counted_and_recording_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import station.history.recorder as recorder_module

    real_row = recorder_module.inspection_row
    calls = {"n": 0}

    def buggy_row(uid, inspection, context):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if inspection.index == 5:
            raise RuntimeError("a bug in the row builder")
        return real_row(uid, inspection, context)

    monkeypatch.setattr(recorder_module, "inspection_row", buggy_row)
    recorder = Recorder(_url(tmp_path), tmp_path, _context(), ok_sample_every=0, batch_size=1, max_wait_s=0)
    for index in range(12):
        recorder.write(*synthetic(index))
        time.sleep(0.01)
    assert recorder.close()
    state = recorder.state
    assert state.writer_faults >= 1 and state.recorded + state.not_recorded_total == 12
    assert any("RuntimeError" in reason for reason in state.not_recorded)
    assert state.recorded >= 11 - 2  # only the batch holding the bad part is lost, and it is counted


def test_a_full_disk_leaves_no_empty_pictures_and_counts_what_it_could_not_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """17.3 without a real tmpfs: every write to the data folder fails with ENOSPC."""
    import errno

    recorder = Recorder(_url(tmp_path), tmp_path, _context(), ok_sample_every=0, pictures_min_free_mb=0)
    assert recorder.wait_ready()
    real_open = open

    def full_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if "w" in mode and str(tmp_path) in str(file):
            handle = real_open(file, mode, *args, **kwargs)
            handle.close()
            raise OSError(errno.ENOSPC, "No space left on device", str(file))
        return real_open(file, mode, *args, **kwargs)

    import builtins

    monkeypatch.setattr(builtins, "open", full_open)
    monkeypatch.setattr(HistoryStore, "add_inspections", _raise_disk_full)
    for index in range(30):
        recorder.write(*synthetic(index))
    assert recorder.close()
    monkeypatch.undo()
    assert recorder.state.recorded == 0 and recorder.state.not_recorded_total == 30
    assert not [p for p in (tmp_path / "images").rglob("*") if p.is_file() and p.stat().st_size == 0]
    assert not list((tmp_path / "offline").rglob("*.tmp"))


def _raise_disk_full(self: HistoryStore, rows: object) -> int:
    from sqlalchemy.exc import OperationalError

    raise OperationalError("INSERT", {}, Exception("database or disk is full"))


def test_low_disk_stops_pictures_first_and_warns(tmp_path: Path) -> None:
    recorder = Recorder(
        _url(tmp_path), tmp_path, _context(), ok_sample_every=0, pictures_min_free_mb=1e12, warn_free_mb=2e12
    )
    for index in range(10):
        recorder.write(*synthetic(index))
    assert recorder.close()
    assert recorder.state.recorded == 10
    assert recorder.state.pictures_skipped_low_disk == 2  # the two NG parts, recorded without pictures
    assert "disk almost full" in (recorder.state.disk_warning or "")


def test_four_processes_sharing_a_data_folder_through_an_outage_lose_nothing(tmp_path: Path) -> None:
    """17.2: the offline queue's names were counters taken at start, so processes overwrote each other."""
    url = f"sqlite:///{tmp_path / 'down' / 'history.db'}"  # a folder that does not exist yet: database down
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    processes = [
        subprocess.Popen(
            [sys.executable, str(WRITER), url, str(tmp_path / "shared"), "st-same", "150", "0.002"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(4)
    ]
    time.sleep(1.5)
    (tmp_path / "down").mkdir()  # the database comes back while they are still writing
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    store = HistoryStore(url)
    assert store.stats().inspections == 600
    assert not list((tmp_path / "shared" / "offline").rglob("*.json*"))


def _all_time() -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def test_two_threads_opening_a_new_database_at_once_both_get_it(tmp_path: Path) -> None:
    """The app opens its history and loads a recipe (which reads the stored threshold) at the same moment:
    two migrations of a new SQLite file at once failed with "duplicate column name"."""
    url = _url(tmp_path)
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            HistoryStore(url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


def test_parts_lost_on_a_full_disk_show_in_history_stats_once_writing_works(tmp_path: Path) -> None:
    recorder = Recorder(_url(tmp_path), tmp_path, _context(), ok_sample_every=0)
    assert recorder.wait_ready()
    recorder._count_not_recorded("disk full", 7)  # what a failed batch counts (see the full-disk test)
    recorder.write(*synthetic(0))
    assert recorder.close()
    stats = HistoryStore(_url(tmp_path)).stats()
    assert stats.not_recorded == 7 and stats.not_inspected == 0 and stats.inspections == 1
