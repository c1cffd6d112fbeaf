"""USB cameras and video files share one OpenCV path; a video file written here stands in for the camera."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from station.capture.sources import SourceContext, SourceError, open_source
from station.pipeline.engine import Pipeline
from tests.test_pipeline import SlowInspector

CTX = SourceContext("casting", Path("resources"))


def _write_video(path: Path, frames: int, size: tuple[int, int] = (96, 64), fps: float = 50.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, size)
    assert writer.isOpened()
    for i in range(frames):
        image = np.full((size[1], size[0], 3), (i * 7) % 256, np.uint8)
        cv2.putText(image, str(i), (5, 40), cv2.FONT_HERSHEY_SIMPLEX, 1, (255, 255, 255), 2)
        writer.write(image)
    writer.release()
    return path


def test_video_file_is_read_to_the_end_without_drops(tmp_path: Path) -> None:
    video = _write_video(tmp_path / "line.avi", 40)
    source = open_source(f"video:{video}", CTX)
    source.open()
    assert not source.live
    pipeline = Pipeline(source, SlowInspector(0.001)).start()
    assert pipeline.join(timeout=20)
    summary = pipeline.summary()
    assert summary["delivered"] == summary["parts"] == 40 and summary["not_inspected"] == 0


def test_live_stream_drops_oldest_and_reconnects(tmp_path: Path) -> None:
    video = _write_video(tmp_path / "cam.avi", 30)
    source = open_source(f"video:{video}?live=1&fps=200&frozen=1000", CTX)
    source.open()
    assert source.live
    pipeline = Pipeline(source, SlowInspector(0.02), queue_size=2, max_frames=90).start()
    assert pipeline.join(timeout=30)
    summary = pipeline.summary()
    stats = source.stats.to_json()  # type: ignore[attr-defined]
    assert stats["reconnects"] >= 2  # the end of the file looks like an unplugged camera each time
    assert summary["delivered"] == 90 == summary["parts"] + summary["not_inspected"]
    assert summary["not_inspected"] > 0


def test_frozen_stream_is_detected(tmp_path: Path) -> None:
    writer_path = tmp_path / "frozen.avi"
    writer = cv2.VideoWriter(str(writer_path), cv2.VideoWriter.fourcc(*"MJPG"), 50.0, (64, 48))
    for _ in range(30):
        writer.write(np.full((48, 64, 3), 90, np.uint8))
    writer.release()
    source = open_source(f"video:{writer_path}?live=1&frozen=10", CTX)
    source.open()
    frames = source.frames()
    delivered = [next(frames) for _ in range(25)]
    source.close()
    assert source.stats.frozen_detections >= 1  # type: ignore[attr-defined]
    assert len(delivered) == 25


def test_bad_stream_uris_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        open_source(f"video:{tmp_path / 'none.avi'}", CTX)
    with pytest.raises(SourceError, match="camera number"):
        open_source("usb:front", CTX)
    with pytest.raises(SourceError, match="unknown source options: exposure"):
        open_source("usb:0?exposure=3", CTX)
    with pytest.raises(SourceError, match="cannot open usb:97"):
        open_source("usb:97", CTX).open()


def test_a_camera_that_never_comes_back_ends_the_run_after_max_offline(tmp_path: Path) -> None:
    """Unplugged for good: the run ends with its summary and the reason, instead of waiting for ever."""
    from station.capture.sources import SourceOffline

    video = _write_video(tmp_path / "cam.avi", 20)
    source = open_source(f"video:{video}?live=1&fps=50&max_offline=1.5", CTX)
    source.open()
    video.unlink()  # the camera is gone once the frames already in flight are read
    pipeline = Pipeline(source, SlowInspector(0.001)).start()
    assert pipeline.join(timeout=15)
    assert isinstance(pipeline.failure, SourceOffline)
    assert str(pipeline.failure) == source.end_reason
    assert re.search(r"offline for 1\.[5-9] s \(max_offline 1\.5 s\): the run ends", source.end_reason or "")
    summary = pipeline.summary()
    assert summary["delivered"] == 20 and summary["source_stats"]["offline_s"] >= 1.5
    assert summary["source_stats"]["missed_offline"] == 0  # a video file loses no parts while it is away


def test_parts_missed_while_a_camera_is_away_are_counted_as_the_outage_goes_on(tmp_path: Path) -> None:
    """A USB camera (stood in for by a video file that vanishes): missed parts grow during the outage."""
    from station.capture.opencv import OpenCvSource, StreamOptions
    from station.capture.sources import SourceOffline

    video = _write_video(tmp_path / "cam.avi", 20)
    fps = 40.0
    source = OpenCvSource("usb:7", str(video), StreamOptions(fps=fps, frozen_repeats=1000, max_offline_s=2.5))
    source.open()
    video.unlink()
    frames = source.frames()
    assert len([next(frames) for _ in range(20)]) == 20
    seen: list[int] = []
    ended: list[BaseException] = []

    def read_on() -> None:
        try:
            for _ in frames:
                pass
        except SourceOffline as exc:
            ended.append(exc)

    reader = threading.Thread(target=read_on, daemon=True)
    reader.start()
    while reader.is_alive():
        seen.append(source.counters()["missed_offline"])
        time.sleep(0.1)
    counters = source.counters()
    assert 0 < max(seen[:-3]) < counters["missed_offline"]  # grew while offline, before any reconnect
    assert counters["missed_offline"] == pytest.approx(counters["offline_s"] * fps, abs=1)
    assert counters["reconnects"] == 0 and counters["offline_s"] == pytest.approx(2.5, abs=0.3)
    assert len(ended) == 1 and str(ended[0]) == source.end_reason and "usb:7 has been offline" in str(ended[0])


def test_max_offline_option_is_checked() -> None:
    with pytest.raises(SourceError, match="max_offline= takes seconds"):
        open_source("usb:0?max_offline=soon", CTX)
