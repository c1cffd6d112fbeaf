"""The UI thread only draws: slow run control, files, the close and the history work happen on workers.

Each slow step is made slow on purpose (the runner's method sleeps first, as a
camera that takes seconds to connect or a run that takes seconds to wind down
does); a probe timer on the event loop must keep firing meanwhile, the window
must say it is busy, and then recover.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from station.ui.runner import InspectionRunner
from tests import test_app
from tests.test_app import DEMO, close, run_to_end, settle

models, window = test_app.models, test_app.window  # the same fixtures as the window's other tests

SLOW_S = 1.5


class Probe:
    """A 10 ms timer on the UI thread: how often it fired tells whether the event loop was held."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))
        self.timer.start(10)

    def fired_since(self, moment: float) -> int:
        return len([t for t in self.ticks if t >= moment])


def slowed(monkeypatch: pytest.MonkeyPatch, runner: InspectionRunner, name: str) -> list[str]:
    """Make ``runner.name`` sleep first; returns the thread names it ran on."""
    real = getattr(runner, name)
    threads: list[str] = []

    def slow(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        time.sleep(SLOW_S)
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, name, slow)
    return threads


def busy_cursor(widget: Any) -> bool:
    return bool(widget.cursor().shape() == Qt.CursorShape.BusyCursor)


def test_a_slow_recipe_switch_does_not_hold_the_window(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = slowed(monkeypatch, window.runner, "load_recipe")
    probe = Probe()
    began = time.monotonic()
    window.recipe_box.setCurrentText("casting-b")
    assert time.monotonic() - began < 0.5  # the switch was handed on, not done here
    assert not window.recipe_box.isEnabled() and not window.start_button.isEnabled()
    assert busy_cursor(window.start_button) and not busy_cursor(window.part_view)  # only the run controls
    assert "Loading recipe casting-b" in window.statusBar().currentMessage()
    assert window.heat_box.isEnabled()  # the rest of the window stays usable
    settle(qtbot, window)
    assert probe.fired_since(began) >= 20  # the event loop kept running through the load
    assert threads and threads[0] != threading.current_thread().name
    assert window.runner.cascade.recipe.name == "casting-b"
    assert "Recipe casting-b loaded" in window.statusBar().currentMessage()
    assert window.recipe_box.isEnabled() and window.start_button.isEnabled() and not busy_cursor(window.start_button)


def test_a_recipe_that_fails_to_load_is_said_in_the_status_bar(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(name: str) -> Any:
        raise RuntimeError(f"the models of {name} are on fire")

    monkeypatch.setattr(window.runner, "load_recipe", broken)
    window.recipe_box.setCurrentText("casting-b")
    settle(qtbot, window)
    assert "Cannot load recipe: the models of casting-b are on fire" in window.statusBar().currentMessage()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert window.recipe_box.isEnabled() and window.start_button.isEnabled()
    assert window.runner.cascade.recipe.name == "casting"  # the line keeps the recipe it had


def test_a_slow_start_and_stop_do_not_hold_the_window(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    slowed(monkeypatch, window.runner, "start")
    window.source_box.setCurrentText("demo?loop=1")
    probe = Probe()
    began = time.monotonic()
    window.toggle_run()  # Space: a camera that takes seconds to connect
    assert time.monotonic() - began < 0.5
    assert window.source_state.state == "starting" and not window.start_button.isEnabled()
    window.toggle_run()  # pressed again while it connects: refused, nothing overlaps
    assert "Please wait" in window.statusBar().currentMessage()
    settle(qtbot, window)
    assert probe.fired_since(began) >= 20
    qtbot.waitUntil(lambda: window.runner.summary().get("parts", 0) >= 3, timeout=30_000)
    assert window.source_state.state == "running" and window.start_button.text() == "Stop"

    slowed(monkeypatch, window.runner, "stop")
    began = time.monotonic()
    window.toggle_run()  # a run that takes seconds to wind down
    assert time.monotonic() - began < 0.5
    assert window.source_state.state == "stopping" and not window.start_button.isEnabled()
    settle(qtbot, window)
    assert probe.fired_since(began) >= 20
    assert not window.runner.running and window.source_state.state == "stopped"
    assert window.start_button.isEnabled() and window.start_button.text() == "Start"


def test_run_control_steps_never_overlap(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A recipe switch, a start and a stop asked at once run one after the other, in that order."""
    active: list[tuple[str, int]] = []  # (step, thread): a start may call stop itself, on its own thread
    overlaps: list[list[tuple[str, int]]] = []
    order: list[str] = []

    def wrap(name: str) -> None:
        real = getattr(window.runner, name)

        def step(*args: Any, **kwargs: Any) -> Any:
            me = (name, threading.get_ident())
            if any(thread != me[1] for _, thread in active):
                overlaps.append([*active, me])
            active.append(me)
            order.append(name)
            time.sleep(0.2)
            try:
                return real(*args, **kwargs)
            finally:
                active.remove(me)

        monkeypatch.setattr(window.runner, name, step)

    for name in ("load_recipe", "start", "stop"):
        wrap(name)
    window.source_box.setCurrentText("demo?loop=1")
    window.start()
    window.recipe_box.setCurrentText("casting-b")  # while the start is under way
    window.stop()
    settle(qtbot, window)
    assert not overlaps
    assert order[0] == "start" and order[-1] == "stop" and "load_recipe" in order
    assert not window.runner.running and window.runner.cascade.recipe.name == "casting-b"


def test_closing_waits_for_a_slow_stop_without_freezing(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.source_box.setCurrentText("demo?loop=1")
    window.start()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.runner.summary().get("parts", 0) >= 3, timeout=30_000)
    pipeline = window.runner.pipeline
    slowed(monkeypatch, window.runner, "stop")
    probe = Probe()
    began = time.monotonic()
    window.close()
    assert time.monotonic() - began < 0.5
    assert window.isVisible() and "Stopping the line before closing" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    assert probe.fired_since(began) >= 20
    assert pipeline is not None and not pipeline.running


def test_a_dropped_folder_is_inspected_on_a_worker(qtbot, window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cascade = window.runner.cascade
    real = cascade.inspect

    def slow_inspect(frame: Any) -> Any:
        time.sleep(0.4)
        return real(frame)

    monkeypatch.setattr(cascade, "inspect", slow_inspect)
    probe = Probe()
    began = time.monotonic()
    window.inspect_files([DEMO])  # a folder
    assert time.monotonic() - began < 0.3
    assert not window.controls.open_button.isEnabled()
    qtbot.waitUntil(lambda: "Inspected" in window.statusBar().currentMessage(), timeout=60_000)
    count = len([p for p in DEMO.iterdir() if not p.name.startswith(".")])
    assert f"Inspected {count} file(s)" in window.statusBar().currentMessage()
    assert probe.fired_since(began) >= 20
    assert window.paused and window.part_view.inspection is window.files.last.inspections[-1]
    assert window.controls.open_button.isEnabled()


class FakeGigE:
    """What the runner sees of a GigE camera: ``options.trigger`` and a ``trigger()`` that asks for a picture."""

    def __init__(self, trigger: str) -> None:
        self.options = SimpleNamespace(trigger=trigger)
        self.software_trigger = trigger == "software"  # FrameSource's contract
        self.fired = 0

    def trigger(self) -> None:
        self.fired += 1


def test_the_trigger_button_and_key_fire_a_software_trigger(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.refresh_status()
    assert not window.trigger_button.isEnabled()  # nothing runs
    from station.session import RunOptions, RunSession

    settle(qtbot, window)
    session = RunSession(window.runner.config, window.runner.cascade, RunOptions(source="demo"))
    monkeypatch.setattr(RunSession, "running", property(lambda self: True))
    window.runner.session = session  # a run whose source is the fake camera below
    shown = session.__dict__  # the session's source, swapped below
    free = FakeGigE("free")
    shown["source"] = free
    window.refresh_status()
    assert not window.trigger_button.isEnabled() and not window.runner.fire_trigger()  # free-running: no trigger
    camera = FakeGigE("software")
    shown["source"] = camera
    window.refresh_status()
    assert window.runner.software_trigger_available() and window.trigger_button.isEnabled()
    window.trigger_button.click()
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_T)
    assert camera.fired == 2 and free.fired == 0
    shown["source"] = None
    window.refresh_status()
    assert not window.trigger_button.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_T)
    assert "No software trigger" in window.statusBar().currentMessage()
    window.runner.session = None
    monkeypatch.undo()


def test_shift_totals_survive_stop_start_and_a_restart(qtbot, window, isolated_qsettings) -> None:  # type: ignore[no-untyped-def]
    from station.ui.window import MainWindow

    first = run_to_end(qtbot, window)
    window.ask_shift_totals()
    inspected = first["inspected"]
    second = run_to_end(qtbot, window)  # Stop, Start: the second run's counters start at 0 ...
    values, runs = window.counters.values, window.counters.run_values

    def shows(total: int) -> bool:
        window.ask_shift_totals()
        window.refresh_status()
        return bool(values["inspected"].text() == str(total))

    qtbot.waitUntil(lambda: shows(inspected + second["inspected"]), timeout=15_000)  # ... the shift's do not
    assert runs["inspected"].text() == f"run {second['inspected']}"
    assert values["ng"].text() == str(first["ng"] + second["ng"])
    assert "Shift " in window.counters.heading.text()
    assert len(window.charts.times) >= 2  # the charts carried on across the stop
    close(qtbot, window)
    again = MainWindow(InspectionRunner(), "casting", "demo")  # the app restarted: the history remembers
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.history_panel is not None)
    total = str(inspected + second["inspected"])

    def restarted_shows_total() -> bool:
        again.refresh_status()
        return bool(again.counters.values["inspected"].text() == total)

    qtbot.waitUntil(restarted_shows_total, timeout=15_000)
    assert again.counters.run_values["inspected"].text() == "run 0"
    settle(qtbot, again)
    close(qtbot, again)


def test_each_shown_part_is_marked_recorded_only_once_the_writer_confirms_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Per part, not a high-water mark: a part the writer has not confirmed stays pending after later ones."""
    import numpy as np

    from station.core.types import Frame, Inspection, Verdict
    from station.history.recorder import Recorded
    from station.ui.recordmark import RecordMark
    from station.ui.runner import InspectionRunner

    runner = InspectionRunner()
    runner.record = True
    parts = [Inspection("cam", i, 0.0, Verdict.OK, defect_score=0.1, threshold=0.5) for i in range(3)]
    for part in parts:
        runner._on_part(part, Frame("cam", part.index, np.zeros((4, 4, 3), np.uint8)))
    mark = RecordMark()
    qtbot.addWidget(mark)
    mark.follow(runner, parts[2])
    assert mark.state == "pending" and "not confirmed" in mark.text()
    runner._on_recorded([Recorded(f"u{i}", parts[i], None) for i in (0, 2)])  # part 1 not (yet) safe
    mark.follow(runner, parts[2])
    assert mark.state == "recorded"
    mark.follow(runner, parts[1])
    assert mark.state == "pending"
    mark.follow(runner, None)  # a file opened outside the run: no claim either way
    assert mark.state == "unknown" and mark.isHidden()
    runner.record = False
    mark.follow(runner, parts[0])
    assert mark.state == "off" and "not kept" in mark.text()
