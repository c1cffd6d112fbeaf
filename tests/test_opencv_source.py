"""USB cameras and video files share one OpenCV path; a video file written here stands in for the camera."""

from __future__ import annotations

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
