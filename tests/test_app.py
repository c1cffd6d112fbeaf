"""The operator window, driven with pytest-qt on the offscreen platform.

Screenshots are saved as artifacts: in ``$STATION_TEST_ARTIFACTS`` when set
(CI keeps that folder), otherwise in the test's temporary folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

pytest.importorskip("pytestqt")

from station.capture.imagefile import read_image
from station.core.types import Verdict

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "resources" / "demo" / "casting"


def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("STATION_TEST_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture()
def models(tiny_recipe: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two recipes of the tiny classifier: ``casting`` (with demo images) and ``casting-b``."""
    folder = tmp_path / "models"
    for name in ("casting", "casting-b"):
        shutil.copytree(tiny_recipe, folder / name)
        (folder / name / "recipe.yaml").write_text(f"name: {name}\nclassifier: classifier.onnx\n")
    monkeypatch.setenv("STATION_MODELS", str(folder))
    return folder


@pytest.fixture()
def window(qtbot, models: Path, isolated_qsettings: Path):  # type: ignore[no-untyped-def]
    from station.ui.qtcompat import keep_bools_alive
    from station.ui.runner import InspectionRunner
    from station.ui.window import MainWindow

    keep_bools_alive()
    win = MainWindow(InspectionRunner(), "casting", "demo")
    win.show()  # not qtbot.addWidget: pytest-qt would delete it before the close below has stopped the line
    qtbot.waitUntil(lambda: win.history_panel is not None)  # the history opens off the UI thread
    settle(qtbot, win)  # the recipe loads off the UI thread too
    yield win
    close(qtbot, win)
    win.deleteLater()


def settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Wait until the run lane (recipe load, start, stop) has nothing left to do."""
    qtbot.waitUntil(lambda: not window.run_lane.busy, timeout=30_000)


def close(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Close the window and wait for it: closing stops the line on a worker first."""
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)


def sign_in_qa(window) -> None:  # type: ignore[no-untyped-def]
    """A QA lead signs in (threshold changes need one)."""
    from station.history import auth

    store = window.history_panel.store
    auth.bootstrap_admin(store, "root", "4826", "st")
    auth.add_user(store, auth.login(store, "root", "4826", "st"), "lee", auth.Role.QA, "3719", "st")
    assert window.history_panel.login("lee", "3719")


def run_to_end(qtbot, window) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    settle(qtbot, window)
    window.start()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.runner.pipeline is not None and not window.runner.running, timeout=30_000)
    parts = window.runner.summary()["parts"]
    qtbot.waitUntil(lambda: window.runner.latest()[0] >= parts, timeout=10_000)  # shown as soon as inspected
    qtbot.waitUntil(lambda: window.runner.session.finished, timeout=10_000)  # and the history has it all
    window.refresh()
    summary: dict[str, Any] = window.runner.summary()
    return summary


def test_demo_run_shows_banner_and_counters_that_match(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    summary = run_to_end(qtbot, window)
    assert summary["parts"] == len(list(DEMO.iterdir()))
    counters = window.counters.values
    assert counters["inspected"].text() == str(summary["inspected"])
    assert counters["ok"].text() == str(summary["ok"])
    assert counters["ng"].text() == str(summary["ng"])
    assert counters["yield"].text() == f"{100 * summary['ok'] / summary['inspected']:.1f}\u00a0%"
    _, last = window.runner.latest()
    assert last is not None
    assert window.part_view.inspection is last.inspection  # the newest part is the one on screen
    assert last.image is not None and not last.image.flags.writeable  # shared with the UI, so nobody may change it
    word = {Verdict.OK: "PASS", Verdict.NG: "FAIL", Verdict.ERROR: "ERROR"}[last.inspection.verdict]
    assert word in window.banner.text()
    assert f"{last.inspection.defect_score:.3f}" in window.banner.text()
    assert f"{last.inspection.threshold:.3f}" in window.banner.text()
    assert window.ng_strip.count() == min(summary["ng"], 12)
    window.show_newest()
    assert window.record_mark.state == "recorded"  # the writer confirmed the part on screen
    assert window.record_mark.isVisible() and "recorded" in window.record_mark.text()
    assert window.source_state.state == "finished"
    assert window.start_button.text() == "Start"


def test_threshold_change_needs_a_qa_lead_and_is_audited(qtbot, window, caplog, monkeypatch) -> None:  # type: ignore[no-untyped-def]

    old = window.runner.cascade.threshold
    panel = window.history_panel
    monkeypatch.setattr(panel, "ask_login", lambda: False)  # nobody signs in at the prompt
    window.threshold_box.setValue(0.0)
    window._threshold_edited()
    assert window.runner.cascade.threshold == old and window.threshold_box.value() == pytest.approx(old, abs=1e-4)
    sign_in_qa(window)
    with caplog.at_level(logging.INFO, logger="station"):
        window.threshold_box.setValue(0.0)
        window._threshold_edited()
    assert window.runner.cascade.threshold == 0.0
    assert f"Threshold changed from {old:.4f} to 0.0000" in window.statusBar().currentMessage()
    assert any(f"threshold changed from {old:.4f} to 0.0000" in r.getMessage() for r in caplog.records)
    summary = run_to_end(qtbot, window)
    assert summary["ng"] == summary["parts"]  # at threshold 0 every part is flagged
    assert "0.000" in window.banner.text()  # the banner shows the threshold the part was judged by
    change = panel.store.audit_log(actions=["threshold_set"])[-1]
    assert (change["user"], change["new_value"]) == ("lee", "0.0")
    assert panel.store.recipe_threshold(window.runner.cascade.recipe.name) == 0.0  # kept for the next start
    assert panel.store.stats().inspections == summary["parts"]  # every part shown was recorded


def test_the_review_dock_reviews_what_the_app_recorded(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from station.history import auth

    summary = run_to_end(qtbot, window)
    panel = window.history_panel
    panel.user = auth.User("lee", auth.Role.QA)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(panel.review.loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Ctrl+R opens the review
    assert window.history_dock.isVisible() and panel.tabs.currentWidget() is panel.review
    assert QApplication.focusWidget() is panel.review.grid  # the queue has the keys
    assert len(panel.review.rows) == summary["ng"] > 0 and panel.review.current_row() == 0
    qtbot.keyClick(panel.review.grid, Qt.Key.Key_C)
    assert panel.review.wait_saved()
    assert panel.store.stats().reviewed == 1
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # and closes it
    assert not window.history_dock.isVisible()


def test_switching_recipe_and_source(qtbot, window, caplog) -> None:  # type: ignore[no-untyped-def]
    assert {window.recipe_box.itemText(i) for i in range(window.recipe_box.count())} == {"casting", "casting-b"}
    window.recipe_box.setCurrentText("casting-b")
    settle(qtbot, window)
    assert window.runner.cascade.recipe.name == "casting-b"
    assert "Recipe casting-b loaded" in window.statusBar().currentMessage()
    folder = REPO / "tests" / "data" / "casting" / "ok"
    window.source_box.setCurrentText(f"folder:{folder}")
    summary = run_to_end(qtbot, window)
    assert summary["parts"] == len([p for p in folder.iterdir() if not p.name.startswith(".")])
    _, last = window.runner.latest()
    assert last is not None and Path(last.inspection.source_id).parent == folder


def test_a_source_that_fails_shows_its_state(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.source_box.setCurrentText("folder:/no/such/folder")
    window.start()
    settle(qtbot, window)
    assert window.source_state.state == "failed"
    assert "does not exist" in window.source_state.text()
    assert "does not exist" in window.statusBar().currentMessage()
    assert not window.runner.running


def _write_video(path: Path, frames: int) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 20.0, (96, 96))
    assert writer.isOpened()
    images = sorted(DEMO.iterdir())
    for i in range(frames):
        writer.write(cv2.resize(read_image(images[i % len(images)]), (96, 96)))
    writer.release()
    return path


def test_a_camera_that_drops_shows_it_and_recovers(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A live stream whose device goes away (the file vanishes) and comes back, through the real OpenCV path."""
    video = _write_video(tmp_path / "camera.avi", 12)
    away = tmp_path / "unplugged.avi"
    window.source_box.setCurrentText(f"video:{video}?live=1&fps=40")
    window.start()
    qtbot.waitUntil(lambda: window.runner.summary().get("parts", 0) >= 3, timeout=10_000)
    video.rename(away)  # unplugged: at the end of the stream it reconnects, and cannot

    def offline() -> bool:
        window.refresh_status()
        return bool(window.source_state.state == "reconnecting")

    qtbot.waitUntil(offline, timeout=10_000)
    assert "OFFLINE" in window.source_state.text()
    assert window.runner.running
    away.rename(video)  # plugged back in

    def recovered() -> bool:
        window.refresh_status()
        return bool(window.source_state.state == "running" and window.runner.summary().get("reconnects", 0) >= 1)

    qtbot.waitUntil(recovered, timeout=15_000)
    parts = window.runner.summary()["parts"]
    qtbot.waitUntil(lambda: window.runner.summary()["parts"] > parts, timeout=10_000)
    window.refresh_status()  # recovered() read a newer summary than the one its refresh drew (a race under load)
    assert "reconnects" in window.source_state.text()


def test_closing_the_window_stops_the_pipeline(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.source_box.setCurrentText("demo?loop=1")
    window.start()
    qtbot.waitUntil(lambda: window.runner.summary().get("parts", 0) >= 3, timeout=30_000)
    pipeline = window.runner.pipeline
    window.close()  # the line stops on a worker; the window closes once it has
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    assert pipeline is not None and not pipeline.running


def test_an_unreachable_history_neither_holds_the_window_nor_loses_parts(  # type: ignore[no-untyped-def]
    qtbot, models: Path, isolated_qsettings: Path, tmp_path: Path, monkeypatch, caplog
) -> None:
    """The window opens and inspects while the database is unreachable; the review dock comes once it answers."""
    from station.core.config import HistorySettings, StationConfig
    from station.history.store import HistoryStore
    from station.ui.runner import InspectionRunner
    from station.ui.window import MainWindow

    blocked = tmp_path / "db"
    blocked.write_text("a file where the database folder should be")
    url = f"sqlite:///{blocked / 'history.db'}"
    config = StationConfig(history=HistorySettings(db=url, data_dir=tmp_path / "data"))
    monkeypatch.setattr(MainWindow, "HISTORY_RETRY_MS", 200)
    caplog.set_level(logging.INFO, logger="station")
    win = MainWindow(InspectionRunner(), "casting", "demo", config)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    qtbot.waitUntil(lambda: win.history.error is not None, timeout=10_000)
    assert "History database unreachable" in caplog.text  # said in the status bar (and the log) once
    assert win.history_panel is None
    win.toggle_history()  # Ctrl+R says why there is no review yet
    assert "need the history database" in win.statusBar().currentMessage()
    summary = run_to_end(qtbot, win)  # the line runs; parts wait in the offline queue
    assert summary["parts"] > 0
    win.refresh_status()
    assert "database offline" in win.recording_label.text()  # the operator sees where the records are
    win.show_newest()
    assert win.record_mark.state == "recorded"  # fsync'd in the offline queue: safe, and sent when the database is back
    blocked.unlink()  # the database comes back
    qtbot.waitUntil(lambda: win.history_panel is not None, timeout=10_000)
    win.toggle_history()
    assert win.history_dock is not None and win.history_dock.isVisible()
    again = run_to_end(qtbot, win)  # the next recording sends the queued parts first
    close(qtbot, win)
    assert HistoryStore(url).stats().inspections == summary["parts"] + again["parts"]


def test_ng_part_clicked_holds_the_view_while_inspection_goes_on(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    sign_in_qa(window)
    window.threshold_box.setValue(0.0)  # every part NG: the strip fills at once
    window._threshold_edited()
    window.source_box.setCurrentText("demo?loop=1")
    window.start()
    qtbot.waitUntil(lambda: window.runner.latest()[0] >= 5, timeout=30_000)  # shown once recorded
    window.refresh()
    assert window.ng_strip.count() >= 1
    oldest = window.ng_strip.item(window.ng_strip.count() - 1)
    held = window.ng_strip.parts[window.ng_strip.count() - 1]
    window.ng_strip._clicked(oldest)
    assert window.paused and window.pause_button.isChecked()
    assert "PAUSED VIEW" in window.banner.text()
    parts = window.runner.summary()["parts"]
    qtbot.waitUntil(lambda: window.runner.summary()["parts"] > parts + 3, timeout=30_000)
    window.refresh()
    assert window.part_view.inspection is held.inspection  # newer parts did not replace it
    window.pause_button.click()  # back to live
    assert not window.paused
    assert window.part_view.inspection is not held.inspection
    assert "PAUSED VIEW" not in window.banner.text()


def test_zoom_on_a_paused_large_image_draws_it_at_full_resolution(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    big = cv2.resize(read_image(sorted(DEMO.iterdir())[1]), (2400, 2400))
    path = tmp_path / "big.png"
    cv2.imwrite(str(path), big)
    window.inspect_files([path])
    view = window.part_view
    qtbot.waitUntil(lambda: window.paused, timeout=30_000)
    assert view.drawn_scale < 1.0  # larger than the view: drawn at the view's size
    full = view.view.viewRange()
    centre = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    wheel = QWheelEvent(
        centre,
        view.viewport().mapToGlobal(centre),
        QPoint(),
        QPoint(0, 480),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    zoomed = view.view.viewRange()
    assert zoomed[0][1] - zoomed[0][0] < full[0][1] - full[0][0]  # the wheel zoomed in
    assert view.zoomed and view.drawn_scale == 1.0
    view.fit()
    assert not view.zoomed and view.drawn_scale < 1.0


def test_heatmap_toggle_and_opacity_change_the_picture(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.inspect_files([sorted(DEMO.iterdir())[1]])
    qtbot.waitUntil(lambda: window.part_view.inspection is not None, timeout=30_000)  # inspected on a worker
    assert window.part_view.inspection.heatmap is not None

    def pixels() -> np.ndarray:
        image = window.part_view.image_item.pixmap().toImage()
        return np.array(image.constBits(), np.uint8).copy()

    window.heat_box.setChecked(True)
    window.opacity.setValue(60)
    strong = pixels()
    window.opacity.setValue(20)
    light = pixels()
    window.heat_box.setChecked(False)
    plain = pixels()
    assert not np.array_equal(strong, light) and not np.array_equal(light, plain)
    window.heat_box.setChecked(True)
    window.opacity.setValue(60)
    assert np.array_equal(pixels(), strong)


def test_layout_is_remembered(qtbot, models: Path, isolated_qsettings: Path) -> None:  # type: ignore[no-untyped-def]
    from station.ui.runner import InspectionRunner
    from station.ui.window import MainWindow

    first = MainWindow(InspectionRunner(), "casting", "demo")
    qtbot.addWidget(first)
    first.show()
    settle(qtbot, first)
    screen = first.screen().availableGeometry()
    first.resize(min(760, screen.width() - 40), min(560, screen.height() - 40))  # the minimum size may win
    size = (first.width(), first.height())
    assert size != (1400, 900)  # not the default size
    first.splitter.setSizes([300, 400])
    sizes = first.splitter.sizes()
    close(qtbot, first)
    second = MainWindow(InspectionRunner(), "casting", "demo")
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == size
    assert second.splitter.sizes() == sizes
    close(qtbot, second)


def test_screenshot_smoke(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.start(max_frames=8)
    qtbot.waitUntil(lambda: window.runner.pipeline is not None and not window.runner.running, timeout=30_000)
    window.refresh()
    window._sample_charts()
    shot = artifacts(tmp_path) / "window.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 10_000


def test_dropped_images_are_inspected_at_once(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo = sorted(DEMO.iterdir())[:3]
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 nothing more")
    window.inspect_files([*demo, broken])
    qtbot.waitUntil(lambda: "Inspected" in window.statusBar().currentMessage(), timeout=30_000)
    assert window.files.last is not None
    results = window.files.last.inspections
    assert [Path(r.source_id).name for r in results] == [p.name for p in demo]
    assert not window.part_view.image_item.pixmap().isNull()
    assert window.part_view.inspection is results[-1]
    assert ("PASS" in window.banner.text()) or ("FAIL" in window.banner.text())
    message = window.statusBar().currentMessage()
    assert "Inspected 3" in message and "broken.jpg" in message


def test_model_page_opens(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from station.ui.modelpage import ModelPage

    page = ModelPage(window.runner.cascade, window)
    qtbot.addWidget(page)
    page.show()
    assert "casting" in page.windowTitle()
    assert not page.isModal()
    assert "No model card" in page.text.toPlainText()  # the tiny recipe has none: what the folder records


def test_uncaught_exceptions_are_logged_and_shown_without_blocking(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QMessageBox

    from station.ui.app import install_excepthook

    saved = sys.excepthook
    try:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        install_excepthook(app)
        try:
            raise ValueError("sensor on fire")
        except ValueError as exc:
            with caplog.at_level(logging.CRITICAL, logger="station.ui"):
                sys.excepthook(type(exc), exc, exc.__traceback__)
        assert any("uncaught exception" in r.getMessage() and r.exc_info for r in caplog.records)
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        assert boxes and "sensor on fire" in boxes[-1].text() and not boxes[-1].isModal()
        assert "Traceback" in boxes[-1].detailedText()
        for box in boxes:
            box.close()
    finally:
        sys.excepthook = saved


def test_signals_carrying_true_do_not_wear_it_out() -> None:
    """PySide6 6.12.0 loses a reference to True per emit; on Python 3.11 that aborted the app within minutes."""
    from PySide6.QtCore import QObject, Signal

    from station.ui.qtcompat import keep_bools_alive

    class Probe(QObject):
        fired = Signal(object)

    keep_bools_alive()
    probe = Probe()
    probe.fired.connect(lambda _value: None)
    for _ in range(20_000):  # several times the reference count True has in a fresh interpreter
        probe.fired.emit(True)
    assert sys.getrefcount(True) > 1000


def test_every_visible_string_is_translatable(qtbot, models: Path, isolated_qsettings: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Extract the strings with Qt's own lupdate, translate them all, and look for any text left untranslated."""
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

    from station.ui.runner import InspectionRunner
    from station.ui.window import MainWindow

    tools = Path(sys.executable).parent
    lupdate, lrelease = (
        shutil.which(n, path=str(tools)) or shutil.which(n) for n in ("pyside6-lupdate", "pyside6-lrelease")
    )
    if not (lupdate and lrelease):
        pytest.skip("pyside6-lupdate / pyside6-lrelease not installed")
    ts, qm = tmp_path / "station_xx.ts", tmp_path / "station_xx.qm"
    sources = sorted(str(p) for p in (REPO / "station" / "ui").glob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(ts)], check=True, capture_output=True, timeout=120)
    tree = ET.parse(ts)
    for message in tree.iter("message"):
        source, translation = message.find("source"), message.find("translation")
        assert source is not None and translation is not None and source.text
        translation.text = "\u27e6" + source.text + "\u27e7"
        translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([lrelease, str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=120)
    translator = QTranslator()
    assert translator.load(str(qm))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.installTranslator(translator)
    try:
        win = MainWindow(InspectionRunner(), "casting", "demo")
        qtbot.addWidget(win)
        win.show()
        settle(qtbot, win)
        texts = {"window title": win.windowTitle(), "status": win.statusBar().currentMessage()}
        for widget in win.findChildren(QLabel) + win.findChildren(QAbstractButton):
            if widget.isVisible() and widget not in win.counters.values.values():
                texts[f"{type(widget).__name__} {widget.objectName()}"] = widget.text()
            if widget.toolTip():
                texts[f"tooltip of {type(widget).__name__}"] = widget.toolTip()
        for plot in win.charts.plots:
            texts["chart title"] = plot.titleLabel.text
        win.start(max_frames=2)
        qtbot.waitUntil(lambda: win.runner.pipeline is not None and not win.runner.running, timeout=30_000)
        win.refresh()
        texts["banner"] = win.banner.text()
        texts["source state"] = win.source_state.text()
        untranslated = {k: v for k, v in texts.items() if any(c.isalpha() for c in v) and "\u27e6" not in v}
        assert not untranslated
        close(qtbot, win)
    finally:
        app.removeTranslator(translator)


def test_station_quits_after_n_parts_with_a_screenshot(models: Path, tmp_path: Path) -> None:
    """`station --quit-after N --screenshot FILE` in a fresh process, as CI and packaging smoke tests run it."""
    shot = artifacts(tmp_path) / "station_quit_after.png"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    command = [sys.executable, "-m", "station.cli", "--recipe", "casting", "--source", "demo?loop=1"]
    result = subprocess.run(
        [*command, "--quit-after", "6", "--screenshot", str(shot)], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000
    bad = tmp_path / "bad.yaml"
    bad.write_text("display_fps: 0\nqueue_sise: 4\n")
    result = subprocess.run(
        [*command, "--config", str(bad), "--quit-after", "1"], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode != 0
    assert "display_fps" in result.stderr and "queue_sise" in result.stderr


def test_the_banner_names_every_defect_found_even_in_a_narrow_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The defect's name is what the operator needs most: its own line, wrapped rather than cut off."""
    from station.core.types import Detection, Inspection
    from station.ui.widgets import VerdictBanner

    banner = VerdictBanner()
    qtbot.addWidget(banner)
    banner.resize(300, 200)
    found = (
        Detection("rolled-in_scale", 4, 0.61, (0.0, 0.0, 5.0, 5.0)),
        Detection("pitted_surface", 3, 0.48, (1.0, 1.0, 4.0, 4.0)),
        Detection("rolled-in_scale", 4, 0.30, (2.0, 2.0, 3.0, 3.0)),
    )
    banner.show_result(Inspection("part-7", 7, 0.0, Verdict.NG, 0.61, 0.25, detections=found))
    text = banner.text()
    assert "FAIL" in text and "0.610" in text and "0.250" in text
    assert text.count("pitted_surface, rolled-in_scale") == 1  # each class once, in its own block
    assert "pitted_surface, rolled-in_scale</div>" in text
    assert banner.wordWrap()


def test_a_passed_part_shows_its_heatmap_only_as_strongly_as_it_nearly_failed(
    real_images: list[np.ndarray],
) -> None:
    """Grad-CAM always has a hot spot; on a clean PASS it must not read as 'defect here'."""
    from station.core.types import Inspection
    from station.imaging import heat_strength
    from station.ui.partview import thumbnail_bgr

    heat = np.zeros((5, 5), np.float32)
    heat[0, 4] = 1.0

    def part(verdict: Verdict, score: float) -> Inspection:
        return Inspection("p", 0, 0.0, verdict, score, 0.16, heatmap=heat)

    assert heat_strength(part(Verdict.NG, 0.9)) == 1.0
    assert heat_strength(part(Verdict.OK, 0.002)) == pytest.approx(0.0125)
    assert heat_strength(part(Verdict.OK, 0.15)) == pytest.approx(0.9375)  # nearly failed: shown nearly fully
    image = real_images[0]
    no_heat = Inspection("p", 0, 0.0, Verdict.OK, 0.002, 0.16)
    clean = thumbnail_bgr(image, part(Verdict.OK, 0.002), 96).astype(int)
    flagged = thumbnail_bgr(image, part(Verdict.NG, 0.9), 96).astype(int)
    plain = thumbnail_bgr(image, no_heat, 96).astype(int)
    assert np.abs(clean - plain).max() <= 4 < np.abs(flagged - plain).max()


def test_an_unknown_recipe_is_refused_not_swapped_for_another(  # type: ignore[no-untyped-def]
    qtbot, models: Path, isolated_qsettings: Path, tiny_recipe: Path
) -> None:
    """A mistyped recipe must not quietly inspect parts with the first recipe in the list."""
    from station.cli import main
    from station.ui.qtcompat import keep_bools_alive
    from station.ui.runner import InspectionRunner
    from station.ui.window import MainWindow

    keep_bools_alive()
    win = MainWindow(InspectionRunner(), "castnig", "demo")
    qtbot.addWidget(win)
    settle(qtbot, win)
    assert win.runner.cascade is None and win.recipe_box.currentText() == "castnig"
    assert "unknown recipe 'castnig'" in win.statusBar().currentMessage()
    assert "casting, casting-b" in win.statusBar().currentMessage()  # what the operator can choose instead
    close(qtbot, win)
    by_path = MainWindow(InspectionRunner(), str(tiny_recipe), "demo")  # a recipe folder not under models/
    qtbot.addWidget(by_path)
    settle(qtbot, by_path)
    assert by_path.runner.cascade is not None and by_path.runner.cascade.recipe.folder == tiny_recipe
    close(qtbot, by_path)
    assert main(["--recipe", "castnig", "--source", "demo", "--quit-after", "1"]) == 2


def test_a_run_shorter_than_a_second_still_charts_its_rate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The demo ends within a second: the charts show its one point instead of staying empty."""
    window.start(max_frames=8)
    qtbot.waitUntil(lambda: window.runner.pipeline is not None and not window.runner.running, timeout=30_000)
    window.refresh_status()
    x, y = window.charts.rate_curve.getData()
    assert x is not None and len(y) >= 1 and y[-1] > 0
    if len(y) == 1:  # a lone point draws no line: it gets a marker
        assert window.charts.rate_curve.opts["symbol"] == "o"


def test_chart_labels_fit_the_chart_height() -> None:
    """A small window's charts are ~35 px tall: two labels there overlap into one unreadable number."""
    from station.ui.charts import few_ticks

    for top in (0.3, 1.0, 11.5, 115.0, 460.0, 5000.0):
        for height in (0.0, 35.0, 90.0, 200.0):
            ticks = few_ticks(top, height)
            assert ticks and all(0 < t <= 0.85 * top for t in ticks), (top, height, ticks)
            assert len(ticks) == 1 or len(ticks) * 30 <= height, (top, height, ticks)


def test_a_box_label_at_the_top_edge_is_drawn_inside_the_picture(qtbot, real_images: list[np.ndarray]) -> None:  # type: ignore[no-untyped-def]
    """A label goes above its box, unless that is off the picture: then it would be cut off unread."""
    import pyqtgraph as pg

    from station.core.types import Detection, Inspection
    from station.ui.partview import PartView

    view = PartView()
    qtbot.addWidget(view)
    view.resize(400, 400)
    view.show()
    qtbot.waitExposed(view)
    image = real_images[0]
    top = Detection("scratches", 5, 0.84, (40.0, 0.0, 80.0, 200.0))
    middle = Detection("inclusion", 1, 0.31, (120.0, 150.0, 160.0, 220.0))
    view.show_part(image, Inspection("p", 0, 0.0, Verdict.NG, 0.84, 0.25, detections=(top, middle)))
    labels = [item for item in view._boxes if isinstance(item, pg.TextItem)]
    picture_top = view.view.mapViewToScene(pg.Point(0, 0)).y()
    top_label, middle_label = (label.sceneBoundingRect() for label in labels)
    assert top_label.top() >= picture_top - 1  # inside the picture, under the box's top edge
    assert middle_label.bottom() <= view.view.mapViewToScene(pg.Point(120, 150)).y() + 1  # above its box
