"""The run session, the CLI and the Python API: nothing dies quietly, nothing in flight is lost, one settings file.

Each test injects a failure a month-long run will meet and checks the run finishes, the counts add up and
``station inspect`` exits.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from station.capture.sources import FrameSource
from station.cli import main
from station.core.config import StationConfig
from station.core.types import Frame, Inspection
from station.history.store import HistoryStore
from station.pipeline.engine import Pipeline
from station.session import RunOptions, RunSession, load_cascade
from tests.test_pipeline import SlowInspector, SyntheticSource

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "resources" / "demo" / "casting"


class Crash(BaseException):
    """Not an Exception: the kind of failure that used to end the inspection thread."""


class CrashingInspector(SlowInspector):
    def __init__(self, at: int) -> None:
        super().__init__(0.0)
        self.at = at

    def inspect(self, frame: Frame, with_heatmap: bool = True) -> Inspection:
        if frame.index == self.at:
            raise Crash("the inspection thread dies")
        return super().inspect(frame, with_heatmap)


class RaisingInspector(SlowInspector):
    def inspect(self, frame: Frame, with_heatmap: bool = True) -> Inspection:
        if frame.index % 7 == 3:
            raise RuntimeError("model fell over")
        return super().inspect(frame, with_heatmap)


class OneInHundredSink:
    def __init__(self) -> None:
        self.calls = 0

    def write(self, inspection: Inspection, frame: Frame) -> None:
        self.calls += 1
        if self.calls % 100 == 0:
            raise ValueError("sink bug")


def test_an_inspector_that_raises_is_counted_and_the_run_goes_on() -> None:
    pipeline = Pipeline(SyntheticSource(live=False, count=70), RaisingInspector(0)).start()
    assert pipeline.join(timeout=20)
    s = pipeline.summary()
    assert s["parts"] == 70 and s["inspector_errors"] == 10 and s["errors"] >= 10
    assert "model fell over" in (s["last_fault"] or "")


def test_a_dead_inspection_thread_ends_a_file_run_instead_of_hanging_it() -> None:
    """Today's code: the capture thread waits for queue room forever and `station inspect` hangs in join."""
    source = SyntheticSource(live=False, count=500)
    pipeline = Pipeline(source, CrashingInspector(at=20), queue_size=2).start()
    assert pipeline.join(timeout=15), "the run hangs after its inspection thread died"
    s = pipeline.summary()
    assert s["faults"].get("inspection thread") == 1 and source.closed.is_set()
    assert s["delivered"] == s["parts"] + s["dropped"]  # everything delivered is accounted for


def test_a_sink_failing_one_part_in_a_hundred_is_counted_and_every_part_reaches_the_others() -> None:
    sink, seen = OneInHundredSink(), []
    pipeline = Pipeline(
        SyntheticSource(live=False, count=1000), SlowInspector(0), [sink], on_part=lambda i, f: seen.append(i.index)
    ).start()
    assert pipeline.join(timeout=30)
    s = pipeline.summary()
    assert s["parts"] == 1000 == len(seen) and s["sink_errors"] == 10


class OpenTracking(FrameSource):
    live = False

    def __init__(self) -> None:
        super().__init__("tracked")
        self.opened = self.closed = False

    def open(self) -> None:
        self.opened = True

    def close(self) -> None:
        self.closed = True

    def frames(self) -> Iterator[Frame]:
        yield Frame("tracked", 0, np.zeros((8, 8, 3), np.uint8))


def test_a_failure_after_the_source_opened_releases_it(tiny_recipe: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import station.session.run as run

    def broken_recorder(*args: object, **kwargs: object) -> None:
        raise OSError("cannot create the data folder")

    monkeypatch.setattr(run, "Recorder", broken_recorder)
    cascade = load_cascade(StationConfig(), tiny_recipe)
    source = OpenTracking()
    session = RunSession(StationConfig(), cascade, RunOptions(source="tracked", record=True))
    with pytest.raises(OSError, match="data folder"):
        session.start_with(source)
    assert source.opened and source.closed  # the camera is not left open


def test_stop_records_every_part_in_flight(tiny_recipe: Path, tmp_path: Path) -> None:
    """Today's runner closed the recorder while the pipeline was still finishing a part."""
    config = StationConfig.model_validate({"history": {"db": f"sqlite:///{tmp_path / 'h.db'}"}})
    cascade = load_cascade(config, tiny_recipe)
    slow = cascade.inspect

    def slow_inspect(frame: Frame, with_heatmap: bool = True) -> Inspection:
        time.sleep(0.3)
        return slow(frame, with_heatmap)

    cascade.inspect = slow_inspect  # type: ignore[method-assign]
    session = RunSession(config, cascade, RunOptions(source=f"folder:{DEMO}?loop=1", record=True)).start()
    time.sleep(1.0)
    assert session.stop(timeout=10)
    s = session.summary()
    assert s["parts"] >= 1 and s["unaccounted"] == 0 and s["not_recorded"] == 0
    assert HistoryStore(config.history.db).stats().inspections == s["parts"] == s["recorded"]
    assert session.exit_code() == 0


def _write_config(tmp_path: Path, **extra: object) -> Path:
    data = {
        "station_id": "press-9",
        "plant": "Plant Nord",
        "history": {"db": f"sqlite:///{tmp_path / 'plant.db'}", "data_dir": str(tmp_path / "data")},
        **extra,
    }
    path = tmp_path / "station.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_every_command_reads_the_same_settings_file(
    tiny_recipe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _write_config(tmp_path)
    assert (
        main(
            [
                "--config",
                str(config),
                "inspect",
                "--recipe",
                str(tiny_recipe),
                "--source",
                f"folder:{DEMO}",
                "--frames",
                "6",
                "--record",
            ]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["recorded"] == 6
    # `history stats` finds the same database through the same file, given before or after the command
    assert main(["history", "stats", "--config", str(config)]) == 0
    assert json.loads(capsys.readouterr().out)["inspections"] == 6
    store = HistoryStore(f"sqlite:///{tmp_path / 'plant.db'}")
    assert {r.station_id for r in store.inspections_between(*_forever())} == {"press-9"}
    # pictures went to the settings' data folder, where export-dataset looks for them
    assert list((tmp_path / "data" / "images").rglob("*.jpg"))
    assert main(["config", "--path", "--config", str(config)]) == 0
    assert capsys.readouterr().out.strip() == str(config)
    assert main(["config", "--show", "--config", str(config)]) == 0
    assert "Plant Nord" in capsys.readouterr().out


def test_a_settings_file_that_is_not_there_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["history", "stats", "--config", str(tmp_path / "typo.yaml")])
    assert code == 2 and "no such settings file" in capsys.readouterr().err


def test_inspect_exits_with_its_summary_when_a_sink_fails(
    tiny_recipe: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from station.pipeline import sinks

    def broken(self: object, inspection: Inspection, frame: Frame) -> None:
        raise RuntimeError("overlay writer bug")

    monkeypatch.setattr(sinks.OverlaySink, "write", broken)
    code = main(
        [
            "inspect",
            "--recipe",
            str(tiny_recipe),
            "--source",
            f"folder:{DEMO}",
            "--frames",
            "8",
            "--overlays",
            str(tmp_path / "o"),
        ]
    )
    captured = capsys.readouterr()
    summary = json.loads(captured.out.strip().splitlines()[-1])
    assert code == 0 and summary["parts"] == 8 and summary["sink_errors"] == 8
    assert "overlay writer bug" in captured.err


def test_sigterm_ends_a_looping_run_with_its_summary(tiny_recipe: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "station.cli",
            "inspect",
            "--recipe",
            str(tiny_recipe),
            "--source",
            f"folder:{DEMO}?loop=1",
            "--jsonl",
            str(tmp_path / "parts.jsonl"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    parts = tmp_path / "parts.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not parts.exists() or len(parts.read_text().splitlines()) < 3):
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    out, _err = process.communicate(timeout=30)
    summary = json.loads(out.strip().splitlines()[-1])
    assert process.returncode == 0 and summary["parts"] >= 1
    assert summary["parts"] == len((tmp_path / "parts.jsonl").read_text().splitlines())


def test_python_api_inspects_paths_arrays_and_bad_files(tiny_recipe: Path, tmp_path: Path) -> None:
    from station import Inspector
    from station.capture.imagefile import read_image
    from station.core.types import Verdict

    files = sorted(DEMO.iterdir())[:4]
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    with Inspector(tiny_recipe, device="cpu") as inspector:
        one = inspector.inspect(files[0])
        same = inspector.inspect(read_image(files[0]))
        assert one.verdict in (Verdict.OK, Verdict.NG) and one.threshold == inspector.threshold
        assert one.defect_score == pytest.approx(same.defect_score, abs=1e-6) and one.heatmap is not None
        assert inspector.inspect(broken).verdict is Verdict.ERROR
        many = inspector.inspect_many([*files, broken])
        assert [Path(r.source_id).name for r in many] == [f.name for f in files] + ["broken.jpg"]
        assert many[0].defect_score == pytest.approx(one.defect_score, abs=1e-6)


def _forever() -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def test_a_threshold_set_by_a_qa_lead_is_used_by_inspect_after_a_restart(
    tiny_recipe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """16: the change used to be audited but not kept: a restart or `station inspect` ran at the old one."""
    from station.history import auth

    config = _write_config(tmp_path)
    store = HistoryStore(f"sqlite:///{tmp_path / 'plant.db'}")
    auth.bootstrap_admin(store, "root", "4826", "st-1")
    root = auth.login(store, "root", "4826", "st-1")
    auth.add_user(store, root, "lee", auth.Role.QA, "3719", "st-1")
    recipe_name = load_cascade(StationConfig.load(config), tiny_recipe).recipe.name
    store.set_recipe_threshold(recipe_name, 0.9, auth.login(store, "lee", "3719", "st-1"), "st-1")
    store.close()
    # a new process (a restart) and a new load (a recipe switch) both run at the stored threshold
    cascade = load_cascade(StationConfig.load(config), tiny_recipe)
    assert cascade.threshold == 0.9 and cascade.threshold_source == "history"
    code = main(
        [
            "--config",
            str(config),
            "inspect",
            "--recipe",
            str(tiny_recipe),
            "--source",
            f"folder:{DEMO}",
            "--frames",
            "3",
        ]
    )
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0 and summary["threshold"] == 0.9 and summary["threshold_from"] == "history"
