"""Every entry of a folder source is inspected or counted with its reason: nothing in it is passed over silently."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from station.capture.sources import FrameSource, SourceContext, SourceError, open_source
from station.core.types import Frame
from station.pipeline.engine import Pipeline
from tests.test_pipeline import SlowInspector

CTX = SourceContext("casting", Path("resources"))
SAMPLE = sorted((Path(__file__).parent / "data" / "casting" / "ok").iterdir())[0]


def _odd_folder(root: Path) -> dict[str, str]:
    """A folder with two good images and every kind of entry that is no image file; name -> expected reason."""
    folder = root / "parts"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a_good.jpeg")
    shutil.copy(SAMPLE, folder / "z_good.jpeg")
    (folder / "b_folder.jpg").mkdir()
    os.symlink("c_loop.jpg", folder / "c_loop.jpg")  # a link to itself
    os.symlink(root / "gone.jpg", folder / "d_broken.jpg")
    os.mkfifo(folder / "e_pipe.jpg")
    (folder / "f_empty.jpg").write_bytes(b"")
    (folder / "rejected").mkdir()  # a plain sub-folder: not a part
    (folder / ".hidden.jpg").write_bytes(b"")
    return {
        "b_folder.jpg": "is a folder, not an image file",
        "c_loop.jpg": "symbolic link that loops",
        "d_broken.jpg": "broken symbolic link",
        "e_pipe.jpg": "named pipe (FIFO)",
        "f_empty.jpg": "is empty (0 bytes)",
    }


def _frames_within(source: FrameSource, count: int, timeout: float) -> list[Frame]:
    """The first ``count`` frames, read on a thread so a source that blocks (on a FIFO) fails the test."""
    got: list[Frame] = []

    def read() -> None:
        for frame in source.frames():
            got.append(frame)
            if len(got) == count:
                return

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(timeout)
    source.interrupt()
    assert not thread.is_alive(), f"the source blocked after {len(got)} frames"
    return got


def test_a_folder_source_counts_every_odd_entry_as_an_error_part(tmp_path: Path) -> None:
    expected = _odd_folder(tmp_path)
    source = open_source(f"folder:{tmp_path / 'parts'}", CTX)
    source.open()
    frames = _frames_within(source, 7, timeout=10)
    source.close()
    by_name = {Path(f.source_id).name: f for f in frames}
    assert sorted(by_name) == sorted([*expected, "a_good.jpeg", "z_good.jpeg"])  # no sub-folder, no hidden file
    for name, reason in expected.items():
        assert by_name[name].image is None and reason in (by_name[name].error or ""), name
    assert by_name["a_good.jpeg"].image is not None and by_name["z_good.jpeg"].image is not None


def test_a_run_over_the_folder_accounts_for_every_entry(tmp_path: Path) -> None:
    expected = _odd_folder(tmp_path)
    source = open_source(f"folder:{tmp_path / 'parts'}", CTX)
    source.open()
    pipeline = Pipeline(source, SlowInspector(0)).start()
    assert pipeline.join(timeout=20)
    summary = pipeline.summary()
    assert summary["parts"] == 7 and summary["errors"] == len(expected)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_an_error_part(tmp_path: Path) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "locked.jpeg")
    (folder / "locked.jpeg").chmod(0)
    source = open_source(f"folder:{folder}", CTX)
    source.open()
    (frame,) = _frames_within(source, 1, timeout=5)
    assert frame.image is None and "Permission denied" in (frame.error or "")


def test_a_watched_folder_reports_odd_entries_at_once_and_never_opens_a_pipe(tmp_path: Path) -> None:
    expected = _odd_folder(tmp_path)
    del expected["f_empty.jpg"]  # an empty file may still be being written: it waits for its writer
    source = open_source(f"watch:{tmp_path / 'parts'}?existing=process&settle=0.1", CTX)
    source.open()
    try:
        frames = _frames_within(source, 6, timeout=10)
    finally:
        source.close()
    by_name = {Path(f.source_id).name: f for f in frames}
    assert sorted(by_name) == sorted([*expected, "a_good.jpeg", "z_good.jpeg"])
    for name, reason in expected.items():
        assert by_name[name].image is None and reason in (by_name[name].error or ""), name


def test_a_watched_folder_gives_an_empty_file_a_clear_reason(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "empty.jpg").write_bytes(b"")
    source = open_source(f"watch:{folder}?existing=process&settle=0.05", CTX)
    source.give_up_s = 0.3  # type: ignore[attr-defined]
    source.open()
    try:
        (frame,) = _frames_within(source, 1, timeout=5)
    finally:
        source.close()
    assert frame.image is None and "stayed empty (0 bytes)" in (frame.error or "")


def test_sources_without_a_software_trigger_say_so() -> None:
    source = open_source("demo", CTX)
    assert source.software_trigger is False
    with pytest.raises(SourceError, match="demo: this source has no software trigger"):
        source.trigger()


def test_new_entries_in_a_watched_folder_are_counted_too(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    source = open_source(f"watch:{folder}?settle=0.1", CTX)
    source.rescan_s = 0.2  # type: ignore[attr-defined]
    source.open()
    try:
        time.sleep(0.2)
        (folder / "late_folder.png").mkdir()
        os.symlink("late_loop.png", folder / "late_loop.png")
        frames = _frames_within(source, 2, timeout=10)
    finally:
        source.close()
    assert sorted(Path(f.source_id).name for f in frames) == ["late_folder.png", "late_loop.png"]
    assert all(f.image is None for f in frames)
