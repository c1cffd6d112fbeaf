"""GigE Vision against Aravis' fake camera, which speaks the real protocol over loopback."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from station.capture.sources import SourceContext, SourceError, open_source
from station.pipeline.engine import Pipeline
from tests.test_pipeline import SlowInspector

FAKE = "arv-fake-gv-camera-0.8"
ADDRESS = "127.0.0.1"
CTX = SourceContext("casting", Path("resources"))


def _aravis_missing() -> str | None:
    if shutil.which(FAKE) is None:
        return f"{FAKE} not installed (Debian: aravis-tools)"
    try:
        import gi

        gi.require_version("Aravis", "0.8")
        from gi.repository import Aravis  # noqa: F401
    except (ImportError, ValueError) as exc:
        return f"Aravis Python bindings missing ({exc}); `uv sync --group gige` with gir1.2-aravis-0.8"
    return None


pytestmark = pytest.mark.skipif(_aravis_missing() is not None, reason=str(_aravis_missing()))


class FakeCamera:
    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([FAKE, "-i", ADDRESS], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["arv-tool-0.8", "-a", ADDRESS, "control", "DeviceID"], capture_output=True, text=True, timeout=5
            )
            if "DeviceID" in probe.stdout:  # arv-tool exits 0 either way: read its output
                return
            time.sleep(0.2)
        raise RuntimeError("the fake GigE camera did not come up")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=5)
            self.process = None


@pytest.fixture()
def camera() -> Iterator[FakeCamera]:
    cam = FakeCamera()
    cam.start()
    yield cam
    cam.kill()


def test_frames_arrive_with_the_settings_asked_for(camera: FakeCamera) -> None:
    source = open_source(f"gige:{ADDRESS}?format=Mono8&region=0,0,320,240&fps=40&exposure=2000", CTX)
    source.open()
    try:
        frames = source.frames()
        got = [next(frames) for _ in range(10)]
    finally:
        source.close()
    assert all(f.image is not None and f.image.shape == (240, 320, 3) for f in got)
    assert [f.index for f in got] == list(range(10))
    counters = source.counters()
    assert counters["frames"] == 10 and counters["reconnects"] == 0


def test_colour_pixel_format_is_converted(camera: FakeCamera) -> None:
    source = open_source(f"gige:{ADDRESS}?format=BayerRG8&region=0,0,128,96&fps=30", CTX)
    source.open()
    try:
        frame = next(source.frames())
    finally:
        source.close()
    assert frame.image is not None and frame.image.shape == (96, 128, 3) and frame.image.dtype == np.uint8


def test_software_trigger_gives_one_frame_per_trigger(camera: FakeCamera) -> None:
    source = open_source(f"gige:{ADDRESS}?format=Mono8&region=0,0,160,120&trigger=software", CTX)
    source.open()
    try:
        frames = source.frames()
        for _ in range(3):
            source.trigger()
            frame = next(frames)
            assert frame.image is not None
        assert source.stats.frames == 3  # type: ignore[attr-defined]
    finally:
        source.close()


def test_camera_killed_mid_run_reconnects_and_counts_the_gap(camera: FakeCamera) -> None:
    fps = 20.0
    source = open_source(f"gige:{ADDRESS}?format=Mono8&region=0,0,160,120&fps={fps:.0f}", CTX)
    source.open()
    pipeline = Pipeline(source, SlowInspector(0.001), queue_size=4).start()
    time.sleep(1.5)
    before = pipeline.summary()["delivered"]
    assert before > 10
    camera.kill()
    time.sleep(2.0)
    camera.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and source.counters()["reconnects"] < 1:
        time.sleep(0.1)
    time.sleep(1.0)
    assert pipeline.stop(timeout=3)
    counters = source.counters()
    summary = pipeline.summary()
    assert counters["reconnects"] >= 1
    assert summary["delivered"] > before  # the run went on after the camera came back
    assert summary["parts"] + summary["dropped"] == summary["delivered"]
    assert summary["not_inspected"] == summary["dropped"] + counters["missed_offline"]
    assert summary["reconnects"] == counters["reconnects"]
    # Parts that passed while the camera was away: estimated from the frame rate over the offline time.
    assert counters["missed_offline"] == pytest.approx(counters["offline_s"] * fps, abs=2)
    assert counters["offline_s"] >= 1.5


def test_missing_camera_and_bad_options_are_clear() -> None:
    with pytest.raises(SourceError, match=r"cannot open gige:10\.254\.254\.254"):
        open_source("gige:10.254.254.254", CTX).open()
    with pytest.raises(SourceError, match="unknown gige: options: shutter"):
        open_source(f"gige:{ADDRESS}?shutter=5", CTX)
    with pytest.raises(SourceError, match="trigger= takes"):
        open_source(f"gige:{ADDRESS}?trigger=sometimes", CTX)


def test_stop_releases_the_camera_within_a_second(camera: FakeCamera) -> None:
    source = open_source(f"gige:{ADDRESS}?format=Mono8&region=0,0,160,120&fps=10", CTX)
    source.open()
    pipeline = Pipeline(source, SlowInspector(0.001)).start()
    time.sleep(0.5)
    started = time.monotonic()
    assert pipeline.stop(timeout=1.0)
    assert time.monotonic() - started < 1.0
    # Released: a new client can take control of the camera at once.
    again = open_source(f"gige:{ADDRESS}?format=Mono8&region=0,0,160,120&fps=10", CTX)
    again.open()
    try:
        assert next(again.frames()).image is not None
    finally:
        again.close()


def test_a_camera_that_never_returns_ends_the_run_with_its_losses_counted(camera: FakeCamera) -> None:
    """17.9: the run ends after max_offline (it waited for ever), and missed parts grow during the outage."""
    from station.capture.sources import SourceOffline

    fps = 20.0
    source = open_source(f"gige:{ADDRESS}?format=Mono8&region=0,0,160,120&fps={fps:.0f}&max_offline=5", CTX)
    source.open()
    pipeline = Pipeline(source, SlowInspector(0.001), queue_size=4).start()
    time.sleep(1.0)
    camera.kill()
    seen: list[int] = []
    deadline = time.monotonic() + 20
    while pipeline.running and time.monotonic() < deadline:
        seen.append(source.counters()["missed_offline"])
        time.sleep(0.1)
    assert pipeline.join(timeout=2)
    assert isinstance(pipeline.failure, SourceOffline) and "max_offline 5 s" in str(pipeline.failure)
    counters = source.counters()
    assert 0 < max(seen[:-5]) < counters["missed_offline"]  # counted as the outage went on
    assert counters["missed_offline"] == pytest.approx(counters["offline_s"] * fps, abs=2)
    # From the last picture (a stall of 3 s tells it is gone); the camera's release (10 s) holds nothing up.
    assert 5.0 <= counters["offline_s"] < 6.5 and counters["reconnects"] == 0
    summary = pipeline.summary()
    assert summary["not_inspected"] == summary["dropped"] + counters["missed_offline"]


def test_the_software_trigger_is_offered_only_in_software_trigger_mode(camera: FakeCamera) -> None:
    triggered = open_source(f"gige:{ADDRESS}?format=Mono8&region=0,0,160,120&trigger=software", CTX)
    free = open_source(f"gige:{ADDRESS}?format=Mono8&region=0,0,160,120", CTX)
    assert triggered.software_trigger and not free.software_trigger
    with pytest.raises(SourceError, match="trigger=free: it has no software trigger"):
        free.trigger()
