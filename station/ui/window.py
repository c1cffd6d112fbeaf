"""The operator's main window: the part, PASS/FAIL at a glance, counters, charts, the latest NG parts.

The UI thread only draws. Loading a recipe, starting and stopping go through one
serial worker lane (they never overlap); files and history queries through a
second. Meanwhile the run controls are disabled under a busy cursor and the task
is named in the status bar; the rest stays usable. Errors go to the status bar
and the log, never to a dialog that stops the line.

What the UI thread draws, and how often (it shares two cores with inspection,
so every millisecond here is taken from throughput):
- the newest part, its banner and whether it is recorded yet: at the display
  rate (``display_fps``), only when the view is live, never per part;
- counters and the source's state: four times a second;
- the strip of NG parts: once a second, drawing only the thumbnails it will show;
- the charts: one point a second, axis ranges set by hand (no autoscale passes).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStatusBar

from station.core.config import StationConfig
from station.core.types import Inspection
from station.history import auth
from station.history.store import HistoryError
from station.inference.cascade import Cascade
from station.ui.charts import RateCharts, few_ticks
from station.ui.controls import Controls
from station.ui.files import FileInspector
from station.ui.fit import LiveArea, WindowFit
from station.ui.historylink import HistoryLink, utc_now
from station.ui.historyview import HistoryPanel
from station.ui.menus import MainMenus
from station.ui.ngstrip import NgStrip
from station.ui.partview import PartView
from station.ui.recordmark import RecordMark
from station.ui.runner import InspectionRunner
from station.ui.shifttotals import Tally
from station.ui.widgets import Counters, RecordingState, RunHealth, SourceState, VerdictBanner
from station.ui.workers import CameraFinder, Workers

__all__ = ["MainWindow", "VerdictBanner", "few_ticks"]  # the last two: where tests and older imports look

log = logging.getLogger(__name__)

STATUS_HZ = 4  # counters and source state
STRIP_HZ = 1  # NG thumbnails
CHART_HZ = 1  # one chart point a second


class MainWindow(QMainWindow):
    HISTORY_RETRY_MS = 15_000
    SHIFT_TOTALS_MS = 5_000  # the shift's totals are asked of the history this often (and after each stop)
    CLOSE_WAIT_MS = 15_000  # closing waits this long for the line to stop (the runner bounds its stop at ~11 s)

    def __init__(self, runner: InspectionRunner, recipe: str, source: str, config: StationConfig | None = None) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.runner = runner
        self.config = config or StationConfig()
        self.setWindowTitle(
            self.tr("Inspection station \u2014 {station}, {line}").format(
                station=self.config.station_id, line=self.config.line
            )
        )
        self._shown_sequence = -1
        self._run_state = "idle"
        self._run_detail = ""
        self._run_summary: dict[str, Any] = {}  # the current (or last) run's counters: they stay after a stop
        self._close_ready = False
        self._closing = False
        self.paused = False
        self.run_lane = Workers(serial=True, parent=self)  # start, stop, recipe switch: one at a time, in order
        self.run_lane.busyChanged.connect(self._run_busy)
        self.background = Workers(threads=2, parent=self)  # dropped files, history queries

        self.part_view, self.record_mark = PartView(), RecordMark()  # the shown part, and whether it is recorded
        self.banner = VerdictBanner()
        self.counters = Counters()
        self.source_state = SourceState()
        self.charts = RateCharts()
        self.ng_strip = NgStrip()
        self.ng_strip.partChosen.connect(self.show_held)

        self.controls = c = Controls(self, source, self.config)
        self.files = FileInspector(self, runner, self.background, c.open_button, self.notify, self.show_held)
        self.recipe_box, self.source_box, self.start_button = c.recipe_box, c.source_box, c.start_button
        self.trigger_button, self.pause_button, self.threshold_box = c.trigger_button, c.pause_button, c.threshold_box
        self.heat_box, self.boxes_box, self.opacity = c.heat_box, c.boxes_box, c.opacity
        c.start_button.clicked.connect(self.toggle_run)
        c.trigger_button.clicked.connect(self.fire_trigger)
        c.pause_button.toggled.connect(self.set_paused)
        self.part_view.set_heatmap(self.config.heatmap_visible, self.config.heatmap_opacity)
        c.heat_box.toggled.connect(lambda on: self.part_view.set_heatmap(on))
        c.boxes_box.toggled.connect(self.part_view.set_boxes)
        c.opacity.valueChanged.connect(lambda v: self.part_view.set_heatmap(self.heat_box.isChecked(), v / 100))
        c.threshold_box.editingFinished.connect(self._threshold_edited)
        c.open_button.clicked.connect(self.files.open_images)
        c.camera_button.clicked.connect(self.edit_camera_settings)

        column = [self.banner, self.record_mark, self.source_state, self.counters]
        self.live = LiveArea(self.part_view, column, self.charts, self.ng_strip)
        self.splitter = self.live.splitter
        self.setCentralWidget(self.live)
        self.setStatusBar(QStatusBar())
        self.recording_label = RecordingState()  # the operator must see a database outage
        self.statusBar().addPermanentWidget(self.recording_label)
        self.run_health = RunHealth()  # faults caught and the line interfaces
        self.statusBar().addPermanentWidget(self.run_health)
        self.resize(1400, 900)

        self.setAcceptDrops(True)
        self.menus = MainMenus(self, c.station_bar)  # menus, shortcuts and Help > Keyboard from one table
        self.fit = WindowFit(self, c.bars, self.live)
        runner.stateChanged.connect(self._state_changed)

        self.timer = QTimer(self)  # the newest part, at the display rate
        self.timer.timeout.connect(self.show_newest)
        self.timer.start(round(1000 / self.config.display_fps))
        self.status_timer = QTimer(self)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start(1000 // STATUS_HZ)
        self.strip_timer = QTimer(self)
        self.strip_timer.timeout.connect(self._refresh_ng_strip)
        self.strip_timer.start(1000 // STRIP_HZ)
        self.chart_timer = QTimer(self)
        self.chart_timer.timeout.connect(self._sample_charts)
        self.chart_timer.start(1000 // CHART_HZ)
        self.totals_timer = QTimer(self)
        self.totals_timer.timeout.connect(self.ask_shift_totals)
        self.totals_timer.start(self.SHIFT_TOTALS_MS)
        self._restore_layout()
        self.history = HistoryLink(self, runner, self.config, self.background, self.notify, self.HISTORY_RETRY_MS)
        self.history.totalsChanged.connect(self._show_counts)
        self.history.opened.connect(self._dock_added)
        self.shift_totals = self.history.totals
        if recipe:
            if self.recipe_box.findText(recipe) < 0:  # a recipe folder given by path, or a name to refuse below
                self.recipe_box.addItem(recipe)
            self.recipe_box.setCurrentText(recipe)
        self.recipe_box.currentTextChanged.connect(self._recipe_changed)
        self._recipe_changed(self.recipe_box.currentText(), start=False)
        self.camera_finder = CameraFinder()
        self.camera_finder.found.connect(self._add_cameras)
        self.camera_finder.start()
        self.refresh_status()

    # --- history, review, reports (see historylink) ---------------------------------------
    @property
    def history_panel(self) -> HistoryPanel | None:
        return self.history.panel

    @property
    def history_dock(self) -> QDockWidget | None:
        return self.history.dock

    def toggle_history(self) -> None:
        self.history.toggle()

    def _dock_added(self, dock: QDockWidget) -> None:
        self.fit.add_dock(dock)
        self.menus.docks_menu.addAction(dock.toggleViewAction())

    def ask_shift_totals(self) -> None:
        self.history.ask_totals()

    def _add_cameras(self, uris: list[str]) -> None:
        known = {self.source_box.itemText(i) for i in range(self.source_box.count())}
        self.source_box.addItems([uri for uri in uris if uri not in known])

    # --- run control: every step on the run lane, one at a time ------------------------------
    def _run_task(
        self,
        doing: str,
        work: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        self.statusBar().showMessage(doing)  # stays until the task says how it went
        log.info(doing)
        self.run_lane.submit(doing, work, done, failed)

    def _run_busy(self, busy: bool) -> None:
        """While a start, stop or recipe switch is in progress: run controls off, a busy cursor over them."""
        for widget in self.controls.run_controls():
            widget.setEnabled(not busy and not self._closing)
            if busy:
                widget.setCursor(Qt.CursorShape.BusyCursor)
            else:
                widget.unsetCursor()

    def _recipe_changed(self, name: str, start: bool = True) -> None:
        was_running = self.runner.running
        previous = self.runner.cascade.recipe.name if self.runner.cascade is not None else None
        if was_running:
            self._set_run_state("stopping")

        def work() -> Cascade:
            self.runner.stop()
            return self.runner.load_recipe(name)

        def done(cascade: Cascade) -> None:
            self.controls.show_threshold(cascade)
            if start and previous is not None and previous != name:
                self.history.audit("recipe", name, previous, name)
            providers = ", ".join(f"{role}: {provider}" for role, provider in cascade.info.providers.items())
            self.notify(self.tr("Recipe {name} loaded ({providers})").format(name=name, providers=providers))
            if start and was_running:
                self.start()

        def failed(error: str) -> None:
            self.notify(self.tr("Cannot load recipe: {error}").format(error=error))

        self._run_task(self.tr("Loading recipe {name}\u2026").format(name=name), work, done, failed)

    def start(self, max_frames: int | None = None) -> None:
        """Open the source and start inspecting, on the run lane; the window says how it went."""
        uri = self.source_box.currentText().strip()
        self._set_run_state("starting")

        def work() -> dt.datetime:
            started = utc_now()  # before the first part: parts inspected from here on are this run's
            self.runner.start(uri, max_frames=max_frames)
            return started

        def done(started: dt.datetime) -> None:
            self._run_summary = {}
            self.shift_totals.run = Tally()
            self.shift_totals.new_run(started)
            self.charts.new_run()
            self.charts.sample(self.runner.summary())  # the start: a run shorter than a second still gets its point
            self.source_state.new_run()
            self.statusBar().clearMessage()
            self.ask_shift_totals()

        def failed(error: str) -> None:  # SourceError, RecipeError, OSError: tell the operator, keep running
            self.notify(self.tr("Cannot start: {error}").format(error=error))
            self._set_run_state("failed", error)

        self._run_task(self.tr("Starting {source}\u2026").format(source=uri), work, done, failed)

    def stop(self) -> None:
        """Stop the run on the run lane (it may take seconds while the last parts are written)."""
        self._set_run_state("stopping")
        self._run_task(self.tr("Stopping\u2026"), self.runner.stop, self._stopped, self._stop_failed)

    def _stopped(self, _: object = None) -> None:
        self.statusBar().clearMessage()
        if self._run_state == "stopping":
            self._set_run_state("stopped")
        self.refresh_status()
        self.ask_shift_totals()

    def _stop_failed(self, error: str) -> None:
        self.notify(self.tr("Stopping failed: {error}").format(error=error))
        self._set_run_state("failed", error)

    def toggle_run(self) -> None:
        if self.run_lane.busy:
            waiting = (self.run_lane.pending() or [""])[0]
            self.notify(self.tr("Please wait: {task}").format(task=waiting))
            return
        if self.runner.running:
            self.stop()
        else:
            self.start()

    def fire_trigger(self) -> None:
        """One picture from a camera waiting for a software trigger (button or T)."""
        if self.runner.fire_trigger():
            self.statusBar().showMessage(self.tr("Trigger sent"), 2_000)
        else:
            self.notify(self.tr("No software trigger: run a GigE camera with trigger=software"))

    def _threshold_edited(self) -> None:
        value = round(self.threshold_box.value(), 4)
        cascade = self.runner.cascade
        if cascade is None or cascade.threshold in (None, value):
            return
        if self.history_panel is None:
            self.notify(self.tr("The threshold cannot change while the history (who may change it) is unreachable"))
            self.threshold_box.setValue(cascade.threshold or 0.0)
            return
        user = self.history_panel.require(auth.CHANGE_THRESHOLD, self.tr("Changing the threshold"))
        if user is None:
            self.threshold_box.setValue(cascade.threshold or 0.0)
            return
        try:  # stored per recipe with its audit entry, so a restart, a recipe switch and the CLI use it
            self.history_panel.store.set_recipe_threshold(cascade.recipe.name, value, user, self.config.station_id)
        except HistoryError as exc:
            self.notify(self.tr("The threshold was not changed: {error}").format(error=exc))
            self.threshold_box.setValue(cascade.threshold or 0.0)
            return
        old, new = (self.threshold_box.textFromValue(v) for v in (self.runner.set_threshold(value), value))
        self.notify(self.tr("Threshold changed from {old} to {new}").format(old=old, new=new))

    def _state_changed(self, state: str) -> None:
        """The runner's word: running or stopped."""
        self._set_run_state("running" if state == "running" else "stopped")

    def _set_run_state(self, state: str, detail: str = "") -> None:
        self._run_state, self._run_detail = state, detail
        self.start_button.setText(self.tr("Stop") if state in ("running", "stopping") else self.tr("Start"))
        self.source_state.show_state(state, detail)

    def notify(self, message: str) -> None:
        """A non-modal notice: the status bar and the log, never a dialog that stops the line."""
        log.info(message)
        self.statusBar().showMessage(message, 10_000)

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # --- display --------------------------------------------------------------------
    def set_paused(self, paused: bool) -> None:
        """Hold the shown part (to zoom, pan, look closely) while inspection carries on; unpause goes live."""
        self.paused = paused
        if self.pause_button.isChecked() != paused:
            self.pause_button.setChecked(paused)
            return  # the button's signal calls back
        self.pause_button.setText(self.tr("Live view") if paused else self.tr("Pause view"))
        if paused:  # the banner says PAUSED first: a held verdict never reads as the line's
            inspection = self.part_view.inspection
            self.banner.show_result(inspection, paused=True) if inspection else self.banner.show_waiting(True)
        else:
            self._shown_sequence = -1
            self.part_view.fit()
            self.banner.show_waiting()  # until the newest part (if any) is drawn just below
            self.show_newest()

    def show_newest(self) -> None:
        """At the display rate: the newest result, if one arrived since the last look and the view is live."""
        sequence, shown = self.runner.latest()
        self.record_mark.follow(self.runner, shown.inspection if shown is not None and not self.paused else None)
        if shown is not None and sequence != self._shown_sequence and not self.paused:
            self._shown_sequence = sequence
            self.part_view.show_part(shown.image, shown.inspection)
            self.banner.show_result(shown.inspection)

    def refresh(self) -> None:
        """Everything at once (the timers do it piecewise): newest part, counters, state, NG strip."""
        self.show_newest()
        self.refresh_status()
        self._refresh_ng_strip()

    def _show_counts(self) -> None:
        self.shift_totals.run = Tally.from_summary(self._run_summary)
        totals = self.shift_totals.totals(utc_now())
        shift = self.shift_totals.shift
        self.counters.show_counts(totals, self.shift_totals.run, shift.label if shift is not None else "")

    def refresh_status(self) -> None:
        """Counters and the source's state: running, offline and reconnecting, frozen, failed, finished."""
        summary = self.runner.summary()
        if summary:
            self._run_summary = summary
        self._show_counts()
        self.recording_label.show_recorder(self.runner.recorder or self.runner.last_recorder)
        self.run_health.show_run(self._run_summary or {}, self.runner.line_status())
        available = self.runner.software_trigger_available()
        if self.trigger_button.isEnabled() != available:
            self.trigger_button.setEnabled(available)
        pipeline = self.runner.pipeline
        if pipeline is None or self._run_state in ("starting", "stopping"):
            return
        if not pipeline.running:
            if self._run_state == "running":
                self.charts.sample(self.runner.summary())  # the end of the run, however short, is charted
                if pipeline.failure is not None:
                    self.notify(self.tr("The source failed: {error}").format(error=pipeline.failure))
                    self._set_run_state("failed", str(pipeline.failure))
                else:
                    self._set_run_state("finished")
            return
        self._run_state = self.source_state.follow(getattr(self.runner.source, "stats", None), summary)

    def _sample_charts(self) -> None:
        if self.runner.running:
            self.charts.sample(self.runner.summary())

    def _refresh_ng_strip(self) -> None:
        self.ng_strip.refresh(self.runner.latest_ng())

    def show_held(self, image: np.ndarray | None, inspection: Inspection) -> None:
        """Show a part that is not the newest (an NG thumbnail, an opened file) and pause the view on it."""
        self.set_paused(True)
        self.part_view.show_part(image, inspection)
        self.banner.show_result(inspection, paused=True)

    # --- single parts, outside the live run -------------------------------------------
    def inspect_files(self, paths: list[Path]) -> None:
        """Inspect dropped or opened images (or a folder's) on a worker; the last one is shown, with overlays."""
        self.files.inspect(paths)

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.inspect_files(paths)

    def edit_camera_settings(self) -> None:
        """Exposure, gain and trigger for a GigE camera; applying restarts the source with them."""
        from station.ui.camerasettings import CameraSettings

        uri = self.source_box.currentText().strip()
        if not uri.startswith("gige:"):
            self.notify(self.tr("Camera settings apply to GigE cameras (gige:ADDRESS)"))
            return
        dialog = CameraSettings(uri, self)
        if dialog.exec():
            self.source_box.setCurrentText(dialog.result_uri())
            self.notify(self.tr("Camera settings applied: {uri}").format(uri=dialog.result_uri()))
            if self.runner.running:
                self.start()

    def show_model_page(self) -> None:
        """The recipe's model card, validation metrics and plots, in a non-modal window."""
        from station.ui.modelpage import ModelPage

        if self.runner.cascade is None:
            return
        page = ModelPage(self.runner.cascade, self, self.config)
        page.show()

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        bars = settings.value("window/toolbars")
        if bars is not None:
            self.restoreState(bars)

    def closeEvent(self, event: Any) -> None:
        """Closing stops the line first, on the run lane, and waits for it at most CLOSE_WAIT_MS."""
        if self._close_ready:
            super().closeEvent(event)
            return
        if not self._closing:
            self._closing = True
            settings = QSettings()
            settings.setValue("window/geometry", self.saveGeometry())
            settings.setValue("window/splitter", self.splitter.saveState())
            settings.setValue("window/toolbars", self.saveState())
            for timer in (self.timer, self.strip_timer, self.chart_timer, self.totals_timer):
                timer.stop()
            if not self.run_lane.busy and self.runner.pipeline is None and self.runner.recorder is None:
                self._close_ready = True
                super().closeEvent(event)
                return
            for widget in self.controls.run_controls():
                widget.setEnabled(False)
            self._set_run_state("stopping")
            stopping = self.tr("Stopping the line before closing\u2026")
            self._run_task(stopping, self.runner.close, self._close_now, self._close_now)  # after any earlier task
            QTimer.singleShot(self.CLOSE_WAIT_MS, self, self._close_now)
        event.ignore()

    def _close_now(self, _: object = None) -> None:
        if self._close_ready:  # the stop came back, or the bounded wait is over (the runner's limits end its threads)
            return
        self._close_ready = True
        self.status_timer.stop()
        self.close()
