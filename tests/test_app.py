"""The operator window, driven with pytest-qt on the offscreen platform."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from station.core.types import Verdict

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def window(qtbot, tiny_recipe: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_qsettings: Path):  # type: ignore[no-untyped-def]
    from station.ui.runner import InspectionRunner
    from station.ui.window import MainWindow

    models = tmp_path / "models"
    shutil.copytree(tiny_recipe, models / "casting")
    (models / "casting" / "recipe.yaml").write_text("name: casting\nclassifier: classifier.onnx\n")
    monkeypatch.setenv("STATION_MODELS", str(models))
    runner = InspectionRunner()
    win = MainWindow(runner, "casting", "demo")
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def test_demo_run_shows_banner_and_counters_that_match(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.start()
    qtbot.waitUntil(lambda: window.runner.pipeline is not None and not window.runner.running, timeout=30_000)
    window.refresh()
    summary = window.runner.summary()
    demo_count = len(list((REPO / "resources" / "demo" / "casting").iterdir()))
    assert summary["parts"] == demo_count
    counters = window.counters.values
    assert counters["inspected"].text() == str(summary["inspected"])
    assert counters["ok"].text() == str(summary["ok"])
    assert counters["ng"].text() == str(summary["ng"])
    _, last = window.runner.latest()
    assert last is not None
    word = {Verdict.OK: "PASS", Verdict.NG: "FAIL", Verdict.ERROR: "NOT INSPECTED"}[last.inspection.verdict]
    assert word in window.banner.text()
    assert f"{last.inspection.defect_score:.3f}" in window.banner.text()
    assert window.ng_strip.count() == min(summary["ng"], 12)


def test_threshold_change_is_applied(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.threshold_box.setValue(0.0)
    window._threshold_edited()
    assert window.runner.cascade.threshold == 0.0
    assert "Threshold changed" in window.statusBar().currentMessage()
    window.start()
    qtbot.waitUntil(lambda: window.runner.pipeline is not None and not window.runner.running, timeout=30_000)
    summary = window.runner.summary()
    assert summary["ng"] == summary["parts"]  # at threshold 0 every part is flagged


def test_a_source_that_fails_shows_its_state(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.source_box.setCurrentText("folder:/no/such/folder")
    window.start()
    assert "failed" in window.source_state.text()
    assert "does not exist" in window.statusBar().currentMessage()
    assert not window.runner.running


def test_screenshot_smoke(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.start(max_frames=5)
    qtbot.waitUntil(lambda: window.runner.summary().get("parts", 0) >= 5, timeout=30_000)
    qtbot.wait(100)
    window.refresh()
    shot = tmp_path / "window.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 10_000


def test_dropped_images_are_inspected_at_once(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo = sorted((REPO / "resources" / "demo" / "casting").iterdir())[:3]
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 nothing more")
    results = window.inspect_files([*demo, broken])
    assert [Path(r.source_id).name for r in results] == [p.name for p in demo]
    assert window.part_view.image_item.image is not None
    assert ("PASS" in window.banner.text()) or ("FAIL" in window.banner.text())
    assert "broken.jpg" in window.statusBar().currentMessage() or "Inspected 3" in window.statusBar().currentMessage()


def test_model_page_opens(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from station.ui.modelpage import ModelPage

    page = ModelPage(window.runner.cascade, window)
    qtbot.addWidget(page)
    page.show()
    assert "casting" in page.windowTitle()


def test_camera_settings_edit_the_source_options() -> None:
    from station.ui.camerasettings import with_options

    uri = "gige:127.0.0.1?format=Mono8&exposure=100"
    assert with_options(uri, {"exposure": "2000", "trigger": "software"}) == (
        "gige:127.0.0.1?format=Mono8&exposure=2000&trigger=software"
    )
    assert with_options(uri, {"exposure": None}) == "gige:127.0.0.1?format=Mono8"
    assert with_options("gige:cam", {"region": "0,0,64,48"}) == "gige:cam?region=0,0,64,48"
