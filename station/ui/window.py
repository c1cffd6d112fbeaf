"""The operator's main window: the part, PASS/FAIL at a glance, counters, charts, the latest NG parts."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSlider,
    QSplitter,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from station.core.config import StationConfig
from station.core.paths import models_dir
from station.core.recipe import RecipeError
from station.core.types import Inspection, Verdict
from station.inference.annotate import annotated_thumbnail
from station.ui.partview import PartView
from station.ui.runner import InspectionRunner, Shown

log = logging.getLogger(__name__)

BANNER_STYLE = {
    Verdict.OK: ("#1e7b34", "\u2714"),  # green, check mark
    Verdict.NG: ("#b3261e", "\u2716"),  # red, heavy x
    Verdict.ERROR: ("#8a5a00", "\u26a0"),  # amber, warning sign
}


def tr(text: str) -> str:
    """Every user-visible string goes through Qt's translation machinery."""
    return QCoreApplication.translate("MainWindow", text)


def to_pixmap(image_bgr: np.ndarray, size: int) -> QPixmap:
    """A thumbnail; QImage gets its own copy of the pixels (never a view of a NumPy buffer)."""
    scale = size / max(image_bgr.shape[:2])
    small = cv2.resize(image_bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    rgb = np.ascontiguousarray(small[..., ::-1])
    height, width = rgb.shape[:2]
    return QPixmap.fromImage(QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy())


class VerdictBanner(QLabel):
    """PASS / FAIL in words, with an icon and a colour: readable from two metres, and not by colour alone."""

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(110)
        self.show_waiting()

    def show_waiting(self) -> None:
        self._paint("#3c4043", "\u2026", tr("WAITING"), tr("no part yet"))

    def show_result(self, inspection: Inspection) -> None:
        colour, icon = BANNER_STYLE[inspection.verdict]
        word = {Verdict.OK: tr("PASS"), Verdict.NG: tr("FAIL"), Verdict.ERROR: tr("NOT INSPECTED")}[inspection.verdict]
        if inspection.verdict is Verdict.ERROR:
            detail = inspection.error or ""
        else:
            score = "-" if inspection.defect_score is None else f"{inspection.defect_score:.3f}"
            threshold = "-" if inspection.threshold is None else f"{inspection.threshold:.3f}"
            detail = tr("defect score {score}   threshold {threshold}").format(score=score, threshold=threshold)
            if inspection.detections:
                names = ", ".join(sorted({d.label for d in inspection.detections}))
                detail += "   \u2022   " + names
        self._paint(colour, icon, word, detail)

    def _paint(self, colour: str, icon: str, word: str, detail: str) -> None:
        self.setStyleSheet(f"background:{colour}; color:white; border-radius:8px;")
        self.setText(
            f"<div style='font-size:54px; font-weight:800'>{icon}&nbsp;{word}</div>"
            f"<div style='font-size:18px'>{detail}</div>"
        )


class Counters(QWidget):
    NAMES = ("inspected", "ok", "ng", "yield", "not_inspected", "errors")

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        titles = {
            "inspected": tr("Inspected"),
            "ok": tr("OK"),
            "ng": tr("NG"),
            "yield": tr("Yield"),
            "not_inspected": tr("Not inspected"),
            "errors": tr("Errors"),
        }
        self.values: dict[str, QLabel] = {}
        for i, key in enumerate(self.NAMES):
            title = QLabel(titles[key])
            title.setStyleSheet("color:#5f6368; font-size:13px")
            value = QLabel("0")
            value.setObjectName(f"counter_{key}")
            value.setStyleSheet("font-size:28px; font-weight:700")
            grid.addWidget(title, 0, i)
            grid.addWidget(value, 1, i)
            self.values[key] = value

    def update_from(self, summary: dict[str, Any]) -> None:
        inspected = int(summary.get("inspected", 0))
        ok = int(summary.get("ok", 0))
        self.values["inspected"].setText(str(inspected))
        self.values["ok"].setText(str(ok))
        self.values["ng"].setText(str(summary.get("ng", 0)))
        self.values["yield"].setText(f"{100 * ok / inspected:.1f} %" if inspected else "-")
        self.values["not_inspected"].setText(str(summary.get("not_inspected", 0)))
        self.values["errors"].setText(str(summary.get("errors", 0)))


class RateCharts(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """Parts/s, NG rate and latency, one point every five seconds, the last ten minutes."""

    def __init__(self, points: int = 120) -> None:
        super().__init__()
        self.setBackground("w")
        self.rate_plot = self.addPlot(title=tr("parts / s"))
        self.nextRow()
        self.ng_plot = self.addPlot(title=tr("NG rate %"))
        self.nextRow()
        self.latency_plot = self.addPlot(title=tr("latency p95 (ms)"))
        self.rate_curve = self.rate_plot.plot(pen=pg.mkPen("#1a73e8", width=2))
        self.ng_curve = self.ng_plot.plot(pen=pg.mkPen("#b3261e", width=2))
        self.latency_curve = self.latency_plot.plot(pen=pg.mkPen("#5f6368", width=2))
        for plot in (self.rate_plot, self.ng_plot, self.latency_plot):
            plot.showGrid(x=False, y=True, alpha=0.3)
            plot.getAxis("bottom").setStyle(showValues=False)
        self.rates: deque[float] = deque(maxlen=points)
        self.ng_rates: deque[float] = deque(maxlen=points)
        self.latencies: deque[float] = deque(maxlen=points)
        self._last: tuple[float, int, int] | None = None

    def sample(self, summary: dict[str, Any]) -> None:
        now, parts, ng = time.monotonic(), int(summary.get("parts", 0)), int(summary.get("ng", 0))
        if self._last is not None:
            then, parts0, ng0 = self._last
            if now - then > 0 and parts >= parts0:
                self.rates.append((parts - parts0) / (now - then))
                self.ng_rates.append(100.0 * (ng - ng0) / (parts - parts0) if parts > parts0 else 0.0)
                self.rate_curve.setData(list(self.rates))
                self.ng_curve.setData(list(self.ng_rates))
                if summary.get("latency_ms_p95") is not None:
                    self.latencies.append(float(summary["latency_ms_p95"]))
                    self.latency_curve.setData(list(self.latencies))
        self._last = (now, parts, ng)


class CameraFinder(QObject):
    """Looks for cameras off the UI thread (Aravis discovery takes a second or more)."""

    found = Signal(list)

    def start(self) -> None:
        threading.Thread(target=self._run, name="station-camera-finder", daemon=True).start()

    def _run(self) -> None:
        try:
            from station.capture.cameras import list_cameras

            cameras = list_cameras()
            self.found.emit([c["uri"] for c in cameras["gige"] + cameras["usb"]])
        except Exception:  # discovery is a convenience: never let it disturb the operator
            log.warning("camera discovery failed", exc_info=True)


class MainWindow(QMainWindow):
    def __init__(self, runner: InspectionRunner, recipe: str, source: str, config: StationConfig | None = None) -> None:
        super().__init__()
        self.runner = runner
        self.config = config or StationConfig()
        self.setWindowTitle(
            tr("Inspection station \u2014 {station}, {line}").format(
                station=self.config.station_id, line=self.config.line
            )
        )
        self.source_uri = source
        self._shown_sequence = -1
        self._current: Shown | None = None

        self.part_view = PartView()
        self.banner = VerdictBanner()
        self.counters = Counters()
        self.charts = RateCharts()
        self.ng_strip = QListWidget()
        self.ng_strip.setViewMode(QListWidget.ViewMode.IconMode)
        self.ng_strip.setIconSize(QSize(96, 96))
        self.ng_strip.setFlow(QListWidget.Flow.LeftToRight)
        self.ng_strip.setWrapping(False)
        self.ng_strip.setFixedHeight(130)
        self.ng_strip.itemClicked.connect(self._show_ng_part)
        self._ng_items: list[Shown] = []

        self.recipe_box = QComboBox()
        self.recipe_box.addItems(sorted(p.parent.name for p in models_dir().glob("*/recipe.yaml")))
        self.source_box = QComboBox()
        self.source_box.setEditable(True)
        self.source_box.addItems(["demo?loop=1", "demo", "folder:", "watch:", "usb:0", "video:"])
        self.source_box.setCurrentText(source)
        self.source_box.setMinimumWidth(260)
        self.start_button = QPushButton(tr("Start"))
        self.start_button.clicked.connect(self.toggle_run)
        self.heat_box = QCheckBox(tr("Heatmap"))
        self.heat_box.setChecked(self.config.heatmap_visible)
        self.part_view.set_heatmap(self.config.heatmap_visible, self.config.heatmap_opacity)
        self.heat_box.toggled.connect(lambda on: self.part_view.set_heatmap(on))
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(round(self.config.heatmap_opacity * 100))
        self.opacity.setFixedWidth(110)
        self.opacity.valueChanged.connect(lambda v: self.part_view.set_heatmap(self.heat_box.isChecked(), v / 100))
        self.threshold_box = QDoubleSpinBox()
        self.threshold_box.setRange(0.0, 1.0)
        self.threshold_box.setDecimals(4)
        self.threshold_box.setSingleStep(0.01)
        self.threshold_box.editingFinished.connect(self._threshold_edited)
        self.source_state = QLabel()

        controls = QHBoxLayout()
        for label, widget in (
            (tr("Recipe"), self.recipe_box),
            (tr("Source"), self.source_box),
            (None, self.start_button),
            (None, self.heat_box),
            (tr("Opacity"), self.opacity),
            (tr("Threshold"), self.threshold_box),
        ):
            if label:
                controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.source_state)

        right = QVBoxLayout()
        right.addWidget(self.banner)
        right.addWidget(self.counters)
        right.addWidget(self.charts, 1)
        right_panel = QWidget()
        right_panel.setLayout(right)
        splitter = QSplitter()
        splitter.addWidget(self.part_view)
        splitter.addWidget(right_panel)
        splitter.setSizes([800, 480])
        self.splitter = splitter

        central = QVBoxLayout()
        central.addLayout(controls)
        central.addWidget(splitter, 1)
        central.addWidget(QLabel(tr("Latest NG parts")))
        central.addWidget(self.ng_strip)
        root = QWidget()
        root.setLayout(central)
        self.setCentralWidget(root)
        self.setStatusBar(QStatusBar())
        self.resize(1400, 900)

        self.setAcceptDrops(True)
        open_button = QPushButton(tr("Open image\u2026"))
        open_button.clicked.connect(self._open_image_dialog)
        controls.insertWidget(controls.count() - 2, open_button)
        camera_button = QPushButton(tr("Camera\u2026"))
        camera_button.clicked.connect(self.edit_camera_settings)
        controls.insertWidget(controls.count() - 2, camera_button)
        model_button = QPushButton(tr("Model\u2026"))
        model_button.clicked.connect(self.show_model_page)
        controls.insertWidget(controls.count() - 2, model_button)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, self._open_image_dialog)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.toggle_run)
        QShortcut(QKeySequence("H"), self, self.heat_box.toggle)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_fullscreen)
        runner.stateChanged.connect(self._state_changed)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(round(1000 / self.config.display_fps))
        self.chart_timer = QTimer(self)
        self.chart_timer.timeout.connect(lambda: self.charts.sample(self.runner.summary()))
        self.chart_timer.start(5000)
        self._restore_layout()
        if recipe:
            self.recipe_box.setCurrentText(recipe)
        self.recipe_box.currentTextChanged.connect(self._recipe_changed)
        self._recipe_changed(self.recipe_box.currentText(), start=False)
        self.camera_finder = CameraFinder()
        self.camera_finder.found.connect(self._add_cameras)
        self.camera_finder.start()

    def _add_cameras(self, uris: list[str]) -> None:
        known = {self.source_box.itemText(i) for i in range(self.source_box.count())}
        for uri in uris:
            if uri not in known:
                self.source_box.addItem(uri)

    # --- run control --------------------------------------------------------------
    def _recipe_changed(self, name: str, start: bool = True) -> None:
        was_running = self.runner.running
        self.runner.stop()
        try:
            cascade = self.runner.load_recipe(name)
        except RecipeError as exc:
            self.notify(tr("Cannot load recipe: {error}").format(error=exc))
            return
        self.threshold_box.setEnabled(cascade.threshold is not None)
        if cascade.threshold is not None:
            self.threshold_box.setValue(cascade.threshold)
        self.notify(tr("Recipe {name} loaded ({providers})").format(name=name, providers=cascade.info.providers))
        if start and was_running:
            self.start()

    def start(self, max_frames: int | None = None) -> None:
        try:
            self.runner.start(self.source_box.currentText().strip(), max_frames=max_frames)
        except Exception as exc:  # SourceError, RecipeError, OSError: tell the operator, keep running
            self.notify(tr("Cannot start: {error}").format(error=exc))
            self._state_changed(f"failed: {exc}")

    def toggle_run(self) -> None:
        if self.runner.running:
            self.runner.stop()
        else:
            self.start()

    def _threshold_edited(self) -> None:
        value = round(self.threshold_box.value(), 4)
        if self.runner.cascade is None or self.runner.cascade.threshold in (None, value):
            return
        old = self.runner.set_threshold(value)
        self.notify(tr("Threshold changed from {old:.4f} to {new:.4f}").format(old=old, new=value))

    def _state_changed(self, state: str) -> None:
        running = state == "running"
        self.start_button.setText(tr("Stop") if running else tr("Start"))
        self.source_state.setText(tr("Source: {state}").format(state=state))

    def notify(self, message: str) -> None:
        """A non-modal notice: the status bar and the log, never a dialog that stops the line."""
        log.info(message)
        self.statusBar().showMessage(message, 10_000)

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # --- display --------------------------------------------------------------------
    def refresh(self) -> None:
        """At screen rate: show the newest result if there is one, and the counters."""
        sequence, shown = self.runner.latest()
        if shown is not None and sequence != self._shown_sequence:
            self._shown_sequence = sequence
            self._current = shown
            self.part_view.show_part(shown.image, shown.inspection)
            self.banner.show_result(shown.inspection)
            self._refresh_ng_strip()
        summary = self.runner.summary()
        if summary:
            self.counters.update_from(summary)
            self._refresh_source_state(summary)
        if self.runner.pipeline is not None and not self.runner.running and self.start_button.text() == tr("Stop"):
            self._state_changed("finished")

    def _refresh_source_state(self, summary: dict[str, Any]) -> None:
        """Running, reconnecting (offline for how long), and how often it reconnected: always in view."""
        if not self.runner.running:
            return
        stats = getattr(self.runner.source, "stats", None)
        offline_since = getattr(stats, "offline_since", None)
        if offline_since is not None:
            state = tr("reconnecting, offline {s:.0f} s").format(s=time.monotonic() - offline_since)
        else:
            state = tr("running")
        reconnects = int(summary.get("reconnects", 0))
        frozen = int((summary.get("source_stats") or {}).get("frozen_detections", 0))
        if reconnects:
            state += " \u2022 " + tr("{n} reconnects").format(n=reconnects)
        if frozen:
            state += " \u2022 " + tr("{n} frozen").format(n=frozen)
        self.source_state.setText(tr("Source: {state}").format(state=state))

    def _refresh_ng_strip(self) -> None:
        """Add only the NG parts not shown yet (newest first); thumbnails are drawn once per part."""
        latest = list(self.runner.ng_parts)
        known = {id(s) for s in self._ng_items}
        fresh = [s for s in latest if id(s) not in known]
        for shown in reversed(fresh):
            if shown.image is None:
                continue
            item = QListWidgetItem(QIcon(to_pixmap(annotated_thumbnail(shown.image, shown.inspection, 96), 96)), "")
            item.setToolTip(f"{shown.inspection.source_id}\n{shown.inspection.defect_score}")
            self.ng_strip.insertItem(0, item)
            self._ng_items.insert(0, shown)
        while self.ng_strip.count() > len(latest):
            self.ng_strip.takeItem(self.ng_strip.count() - 1)
            self._ng_items.pop()

    def _show_ng_part(self, item: QListWidgetItem) -> None:
        row = self.ng_strip.row(item)
        if 0 <= row < len(self._ng_items):
            shown = self._ng_items[row]
            self.part_view.show_part(shown.image, shown.inspection)
            self.banner.show_result(shown.inspection)
            self._shown_sequence = -2  # keep it on screen until the next new part

    # --- single parts, outside the live run -------------------------------------------
    def inspect_files(self, paths: list[Path]) -> list[Inspection]:
        """Inspect dropped or opened images (or the images of a folder) at once, with the same overlays."""
        from station.capture.imagefile import ImageReadError, is_image_name, read_image
        from station.core.types import Frame

        cascade = self.runner.cascade
        if cascade is None:
            self.notify(tr("Load a recipe first"))
            return []
        files: list[Path] = []
        for path in paths:
            files += sorted(p for p in path.iterdir() if is_image_name(p)) if path.is_dir() else [path]
        results = []
        for index, path in enumerate(files):
            try:
                image = read_image(path)
            except ImageReadError as exc:
                self.notify(str(exc))
                continue
            inspection = cascade.inspect(Frame(str(path), index, image))
            results.append(inspection)
            self.part_view.show_part(image, inspection)
            self.banner.show_result(inspection)
        self._shown_sequence = -2  # keep the last one on screen until the next live part
        if results:
            self.notify(tr("Inspected {n} file(s); last: {name}").format(n=len(results), name=files[-1].name))
        return results

    def _open_image_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        names, _ = QFileDialog.getOpenFileNames(
            self, tr("Inspect images"), "", tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)")
        )
        if names:
            self.inspect_files([Path(n) for n in names])

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
            self.notify(tr("Camera settings apply to GigE cameras (gige:ADDRESS)"))
            return
        dialog = CameraSettings(uri, self)
        if dialog.exec():
            self.source_box.setCurrentText(dialog.result_uri())
            self.notify(tr("Camera settings applied: {uri}").format(uri=dialog.result_uri()))
            if self.runner.running:
                self.start()

    def show_model_page(self) -> None:
        """The recipe's model card, validation metrics and plots, in a non-modal window."""
        from station.ui.modelpage import ModelPage

        if self.runner.cascade is None:
            return
        page = ModelPage(self.runner.cascade, self)
        page.show()

    # --- lifecycle ------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: Any) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        self.timer.stop()
        self.chart_timer.stop()
        self.runner.stop()
        super().closeEvent(event)
