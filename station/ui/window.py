"""The operator's main window: the part, PASS/FAIL at a glance, counters, charts, the latest NG parts.

What the UI thread does, and how often (it shares two cores with inspection,
so every millisecond here is taken from throughput):
- the newest part and its banner: at the display rate (``display_fps``), only
  when a new part arrived and the view is live, never per part;
- counters and the source's state: four times a second;
- the strip of NG parts: once a second, drawing only the thumbnails it will show;
- the charts: one point a second, axis ranges set by hand (no autoscale passes).
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSlider,
    QSplitter,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station.core.config import StationConfig
from station.core.paths import models_dir
from station.core.recipe import RecipeError
from station.core.types import Inspection, Verdict
from station.history import auth
from station.history.store import HistoryStore
from station.ui.historyview import HistoryPanel
from station.ui.partview import PartView, bgr_to_qimage, thumbnail_bgr
from station.ui.runner import NG_STRIP_SIZE, InspectionRunner, Shown

log = logging.getLogger(__name__)

BANNER_STYLE = {
    Verdict.OK: ("#1e7b34", "\u2714"),  # green, check mark
    Verdict.NG: ("#b3261e", "\u2716"),  # red, heavy x
    Verdict.ERROR: ("#8a5a00", "\u26a0"),  # amber, warning sign
}
STATUS_HZ = 4  # counters and source state
STRIP_HZ = 1  # NG thumbnails
CHART_HZ = 1  # one chart point a second
THUMB_PX = 96


def thumbnail(image_bgr: np.ndarray, inspection: Inspection, size: int = THUMB_PX) -> QPixmap:
    """A thumbnail with heatmap and boxes (its score is the item's text, drawn by Qt); owns its pixels."""
    return QPixmap.fromImage(bgr_to_qimage(thumbnail_bgr(image_bgr, inspection, size)))


class VerdictBanner(QLabel):
    """PASS / FAIL in words, with an icon and a colour: readable from two metres, and not by colour alone."""

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(110)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)  # a long error or list of defects wraps instead of running off the edge
        self._colour = ""
        self.show_waiting()

    def show_waiting(self) -> None:
        self._paint("#3c4043", "\u2026", self.tr("WAITING"), self.tr("no part yet"))

    def show_result(self, inspection: Inspection, paused: bool = False) -> None:
        colour, icon = BANNER_STYLE[inspection.verdict]
        word = {Verdict.OK: self.tr("PASS"), Verdict.NG: self.tr("FAIL"), Verdict.ERROR: self.tr("NOT INSPECTED")}[
            inspection.verdict
        ]
        if inspection.verdict is Verdict.ERROR:
            detail = inspection.error or ""
        else:
            score = "-" if inspection.defect_score is None else f"{inspection.defect_score:.3f}"
            threshold = "-" if inspection.threshold is None else f"{inspection.threshold:.3f}"
            detail = self.tr("defect score {score}   threshold {threshold}").format(score=score, threshold=threshold)
        found = ", ".join(sorted({d.label for d in inspection.detections}))  # its own line: never clipped away
        note = ""
        if paused:
            name = Path(inspection.source_id).name or inspection.source_id
            note = self.tr("PAUSED VIEW: {name} (P: back to live)").format(name=name)
        self._paint(colour, icon, word, detail, note, found)

    def _paint(self, colour: str, icon: str, word: str, detail: str, note: str = "", found: str = "") -> None:
        if colour != self._colour:  # a style sheet change re-polishes the widget: only when the verdict changes
            self._colour = colour
            self.setStyleSheet(f"background:{colour}; color:white; border-radius:8px;")
        lines = [f"<div style='font-size:54px; font-weight:800'>{icon}&nbsp;{html.escape(word)}</div>"]
        if found:
            lines.append(f"<div style='font-size:22px; font-weight:700'>{html.escape(found)}</div>")
        for text, size in ((detail, 18), (note, 15)):
            if text:  # error messages may hold < or &; runs of spaces are kept
                lines.append(f"<div style='font-size:{size}px'>{html.escape(text).replace('  ', '&nbsp; ')}</div>")
        self.setText("".join(lines))


class Counters(QWidget):
    """Two rows of three: big numbers under small titles, never clipped in a narrow window."""

    NAMES = ("inspected", "ok", "ng", "yield", "not_inspected", "errors")

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        titles = {
            "inspected": self.tr("Inspected"),
            "ok": self.tr("OK"),
            "ng": self.tr("NG"),
            "yield": self.tr("Yield"),
            "not_inspected": self.tr("Not inspected"),
            "errors": self.tr("Errors"),
        }
        self.values: dict[str, QLabel] = {}
        for i, key in enumerate(self.NAMES):
            row, column = 2 * (i // 3), i % 3
            title = QLabel(titles[key])
            title.setStyleSheet("color:#5f6368; font-size:13px")
            value = QLabel("0")
            value.setObjectName(f"counter_{key}")
            big = value.font()  # a font, not a style sheet: its metrics are known now, for the width below
            big.setPixelSize(28)
            big.setBold(True)
            value.setFont(big)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("100.0 %"))
            grid.addWidget(title, row, column)
            grid.addWidget(value, row + 1, column)
            grid.setColumnStretch(column, 1)
            self.values[key] = value

    def update_from(self, summary: dict[str, Any]) -> None:
        inspected = int(summary.get("inspected", 0))
        ok = int(summary.get("ok", 0))
        texts = {
            "inspected": str(inspected),
            "ok": str(ok),
            "ng": str(summary.get("ng", 0)),
            "yield": f"{100 * ok / inspected:.1f}\u00a0%" if inspected else "-",
            "not_inspected": str(summary.get("not_inspected", 0)),
            "errors": str(summary.get("errors", 0)),
        }
        for key, text in texts.items():
            if self.values[key].text() != text:
                self.values[key].setText(text)


class SourceState(QLabel):
    """The source's state in words, with an icon and a colour: running, offline/reconnecting, frozen, failed ..."""

    STYLE: ClassVar[dict[str, tuple[str, str]]] = {
        "running": ("#1e7b34", "\u25b6"),
        "reconnecting": ("#8a5a00", "\u26a0"),
        "frozen": ("#8a5a00", "\u26a0"),
        "failed": ("#b3261e", "\u2716"),
        "finished": ("#3c4043", "\u25a0"),
        "stopped": ("#3c4043", "\u25a0"),
        "idle": ("#3c4043", "\u2026"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("source_state")
        self.setWordWrap(True)
        self.state = ""
        self._style = ""
        self.show_state("idle")

    def show_state(self, state: str, detail: str = "") -> None:
        words = {
            "running": self.tr("running"),
            "reconnecting": self.tr("OFFLINE, reconnecting"),
            "frozen": self.tr("FROZEN picture, reconnecting"),
            "failed": self.tr("FAILED"),
            "finished": self.tr("finished"),
            "stopped": self.tr("stopped"),
            "idle": self.tr("not started"),
        }
        colour, icon = self.STYLE[state]
        self.state = state
        style = f"background:{colour}; color:white; border-radius:6px; padding:4px 8px; font-size:16px"
        if style != self._style:
            self._style = style
            self.setStyleSheet(style)
        text = f"{icon}  " + self.tr("Source: {state}").format(state=words[state])
        if detail:
            text += " \u2014 " + detail
        if text != self.text():
            self.setText(text)


def few_ticks(top: float, height_px: float = 90.0) -> list[float]:
    """Round values well inside (0, top), as many as fit ``height_px`` (a label needs ~30 px, or they overlap);
    the axis hides labels that would cross its ends."""
    count = int(min(3, max(1, height_px // 30)))
    power = float(np.floor(np.log10(top)))
    nice = [m * 10 ** (power + e) for e in (-1, 0) for m in (1, 2, 5)]  # ascending
    fitting = [step for step in nice if step <= 0.85 * top]  # at least one label inside the axis
    step = next((v for v in fitting if v >= top / (count + 1)), fitting[-1])
    return [float(k * step) for k in range(1, count + 1) if k * step <= 0.85 * top]


class RateCharts(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """Parts/s and NG rate over the last minute, and latency p95: one point a second, the last 30 minutes."""

    def __init__(self, span_s: int = 1800, window_s: int = 60) -> None:
        super().__init__()
        self.setBackground("w")
        self.window_s = window_s
        self.rate_plot = self.addPlot(title=self.tr("parts / s (last minute)"))
        self.nextRow()
        self.ng_plot = self.addPlot(title=self.tr("NG rate % (last minute)"))
        self.nextRow()
        self.latency_plot = self.addPlot(title=self.tr("latency p95 (ms)"))
        self.latency_plot.setLabel("bottom", self.tr("minutes since start"))
        for plot in (self.rate_plot, self.ng_plot):  # one time axis, at the bottom
            plot.setXLink(self.latency_plot)
            plot.getAxis("bottom").setStyle(showValues=False)
            plot.getAxis("bottom").setHeight(4)
        self.rate_curve = self.rate_plot.plot(pen=pg.mkPen("#1a73e8", width=2))
        self.ng_curve = self.ng_plot.plot(pen=pg.mkPen("#b3261e", width=2))
        self.latency_curve = self.latency_plot.plot(pen=pg.mkPen("#5f6368", width=2))
        self.plots = (self.rate_plot, self.ng_plot, self.latency_plot)
        for plot in self.plots:
            plot.showGrid(x=True, y=True, alpha=0.3)
            plot.titleLabel.setMaximumHeight(18)
            plot.getAxis("left").setWidth(36)
            plot.disableAutoRange()  # ranges are set once a second by hand: no autoscale passes
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
        # cumulative counts one second apart, and what the charts draw from them
        self._samples: deque[tuple[float, int, int]] = deque(maxlen=window_s + 1)
        self.times: deque[float] = deque(maxlen=span_s)
        self.rates: deque[float] = deque(maxlen=span_s)
        self.ng_rates: deque[float] = deque(maxlen=span_s)
        self.latencies: deque[float] = deque(maxlen=span_s)
        self._start: float | None = None
        self.reset()

    def reset(self) -> None:
        for values in (self._samples, self.times, self.rates, self.ng_rates, self.latencies):
            values.clear()
        self._start = None
        for curve in (self.rate_curve, self.ng_curve, self.latency_curve):
            curve.setData([], [])
        for plot in self.plots:
            plot.setXRange(0, 1, padding=0)
        for plot, top in ((self.rate_plot, 1.0), (self.ng_plot, 10.0), (self.latency_plot, 100.0)):
            plot.setYRange(0, top, padding=0)
            self._set_ticks(plot, top)

    @staticmethod
    def _set_ticks(plot: pg.PlotItem, top: float) -> None:
        ticks = few_ticks(top, plot.getViewBox().height())
        plot.getAxis("left").setTicks([[(v, f"{v:g}") for v in ticks]])

    def sample(self, summary: dict[str, Any], now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        parts, ng = int(summary.get("parts", 0)), int(summary.get("ng", 0))
        if self._samples and parts < self._samples[-1][1]:
            self.reset()  # a new run started
        if self._start is None:
            self._start = now
        self._samples.append((now, parts, ng))
        then, parts0, ng0 = self._samples[0]
        if now - then <= 0:
            return
        latency = summary.get("latency_ms_p95")
        self.times.append((now - self._start) / 60)
        self.rates.append((parts - parts0) / (now - then))
        self.ng_rates.append(100.0 * (ng - ng0) / (parts - parts0) if parts > parts0 else 0.0)
        self.latencies.append(float(latency) if latency is not None else float("nan"))
        x = np.fromiter(self.times, float, len(self.times))
        for plot, curve, values, floor in (
            (self.rate_plot, self.rate_curve, self.rates, 1.0),
            (self.ng_plot, self.ng_curve, self.ng_rates, 10.0),
            (self.latency_plot, self.latency_curve, self.latencies, 100.0),
        ):
            y = np.fromiter(values, float, len(values))
            curve.setData(x, y, connect="finite", symbol="o" if len(y) == 1 else None, symbolSize=7)
            top = max(floor, float(np.nanmax(y)) * 1.15 if np.isfinite(y).any() else 0.0)
            plot.setYRange(0, top, padding=0)
            self._set_ticks(plot, top)
            plot.setXRange(float(x[0]), max(float(x[-1]), float(x[0]) + 1.0), padding=0)


class CameraFinder(QObject):
    """Looks for cameras off the UI thread (Aravis discovery takes a second or more)."""

    found = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.worker = threading.Thread(target=self._run, name="station-camera-finder", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        try:
            from station.capture.cameras import list_cameras

            cameras = list_cameras()
            self.found.emit([c["uri"] for c in cameras["gige"] + cameras["usb"]])
        except Exception:  # discovery is a convenience: never let it disturb the operator
            log.warning("camera discovery failed", exc_info=True)


class HistoryOpener(QObject):
    """Opens (and migrates) the history database off the UI thread: an unreachable server can take
    seconds to answer, and the operator's view must not wait for it."""

    opened = Signal(object)  # the HistoryStore
    failed = Signal(str)

    def __init__(self, url: str | None) -> None:
        super().__init__()
        self.url = url

    def start(self) -> None:
        threading.Thread(target=self._run, name="station-history-opener", daemon=True).start()

    def _run(self) -> None:
        try:
            store = HistoryStore(self.url)
        except Exception as exc:  # unreachable, refused, a wrong URL: say it, the line keeps running
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        self.opened.emit(store)


class MainWindow(QMainWindow):
    HISTORY_RETRY_MS = 15_000

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
        self._frozen_seen = 0
        self._frozen_at = 0.0
        self.paused = False

        self.part_view = PartView()
        self.banner = VerdictBanner()
        self.counters = Counters()
        self.source_state = SourceState()
        self.charts = RateCharts()
        self.ng_strip = QListWidget()
        self.ng_strip.setViewMode(QListWidget.ViewMode.IconMode)
        self.ng_strip.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.ng_strip.setFlow(QListWidget.Flow.LeftToRight)
        self.ng_strip.setWrapping(False)
        self.ng_strip.setMovement(QListWidget.Movement.Static)
        self.ng_strip.setFixedHeight(THUMB_PX + 44)  # icon, its score below, a scroll bar
        self.ng_strip.setToolTip(self.tr("Click a part to see it full size (the view pauses; P goes back to live)"))
        self.ng_strip.itemClicked.connect(self._show_ng_part)
        self._ng_items: list[Shown] = []

        self.recipe_box = QComboBox()
        self.recipe_box.addItems(sorted(p.parent.name for p in models_dir().glob("*/recipe.yaml")))
        self.recipe_box.setToolTip(self.tr("The product being inspected: its models and threshold"))
        self.source_box = QComboBox()
        self.source_box.setEditable(True)
        self.source_box.addItems(["demo?loop=1", "demo", "usb:0"])
        self.source_box.setCurrentText(source)
        self.source_box.setMinimumWidth(220)
        self.source_box.setToolTip(
            self.tr("demo, folder:PATH, watch:PATH, video:FILE, usb:N or gige:ADDRESS; cameras found are listed")
        )
        browse = QToolButton()
        browse.setText(self.tr("Browse\u2026"))
        browse.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        browse_menu = QMenu(browse)
        browse_menu.addAction(self.tr("Folder of images\u2026"), lambda: self._browse_source("folder"))
        browse_menu.addAction(
            self.tr("Watched folder (new images as they arrive)\u2026"), lambda: self._browse_source("watch")
        )
        browse_menu.addAction(self.tr("Video file\u2026"), lambda: self._browse_source("video"))
        browse.setMenu(browse_menu)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Start or stop inspection (Space)"))
        self.start_button.clicked.connect(self.toggle_run)
        self.pause_button = QPushButton(self.tr("Pause view"))
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(
            self.tr("Hold the part on screen to zoom (wheel) and pan (drag); inspection goes on (P)")
        )
        self.pause_button.toggled.connect(self.set_paused)
        self.heat_box = QCheckBox(self.tr("Heatmap"))
        self.heat_box.setToolTip(self.tr("Grad-CAM heatmap overlay (H)"))
        self.heat_box.setChecked(self.config.heatmap_visible)
        self.part_view.set_heatmap(self.config.heatmap_visible, self.config.heatmap_opacity)
        self.heat_box.toggled.connect(lambda on: self.part_view.set_heatmap(on))
        self.boxes_box = QCheckBox(self.tr("Boxes"))
        self.boxes_box.setToolTip(self.tr("Defect boxes with label and confidence (B)"))
        self.boxes_box.setChecked(True)
        self.boxes_box.toggled.connect(self.part_view.set_boxes)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(round(self.config.heatmap_opacity * 100))
        self.opacity.setFixedWidth(110)
        self.opacity.setToolTip(self.tr("Heatmap opacity"))
        self.opacity.valueChanged.connect(lambda v: self.part_view.set_heatmap(self.heat_box.isChecked(), v / 100))
        self.threshold_box = QDoubleSpinBox()
        self.threshold_box.setRange(0.0, 1.0)
        self.threshold_box.setDecimals(4)
        self.threshold_box.setSingleStep(0.01)
        self.threshold_box.setToolTip(self.tr("Defect score at or above which a part fails; changes are logged"))
        self.threshold_box.editingFinished.connect(self._threshold_edited)
        open_button = QPushButton(self.tr("Open\u2026"))
        open_button.setToolTip(self.tr("Inspect images now, outside the live run (Ctrl+O; a folder: Ctrl+Shift+O)"))
        open_button.clicked.connect(self._open_image_dialog)
        camera_button = QPushButton(self.tr("Camera\u2026"))
        camera_button.setToolTip(self.tr("Exposure, gain and trigger of a GigE camera"))
        camera_button.clicked.connect(self.edit_camera_settings)
        model_button = QPushButton(self.tr("Model\u2026"))
        model_button.setToolTip(self.tr("The recipe's model card, validation metrics and plots"))
        model_button.clicked.connect(self.show_model_page)

        # two tool bars: they fold into an overflow menu in a narrow window, and their places are remembered
        run_bar = self.addToolBar(self.tr("Run"))
        run_bar.setObjectName("run_toolbar")
        view_bar = self.addToolBar(self.tr("View"))
        view_bar.setObjectName("view_toolbar")
        for bar, label, widget in (
            (run_bar, self.tr("Recipe"), self.recipe_box),
            (run_bar, self.tr("Source"), self.source_box),
            (run_bar, None, browse),
            (run_bar, None, self.start_button),
            (run_bar, None, self.pause_button),
            (view_bar, None, self.heat_box),
            (view_bar, self.tr("Opacity"), self.opacity),
            (view_bar, None, self.boxes_box),
            (view_bar, self.tr("Threshold"), self.threshold_box),
            (view_bar, None, open_button),
            (view_bar, None, camera_button),
            (view_bar, None, model_button),
        ):
            if label:
                bar.addWidget(QLabel(" " + label + " "))
            bar.addWidget(widget)

        right = QVBoxLayout()
        right.addWidget(self.banner)
        right.addWidget(self.source_state)
        right.addWidget(self.counters)
        right.addWidget(self.charts, 1)
        right_panel = QWidget()
        right_panel.setLayout(right)
        splitter = QSplitter()
        splitter.setObjectName("main_splitter")
        splitter.addWidget(self.part_view)
        splitter.addWidget(right_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([800, 520])
        self.splitter = splitter

        central = QVBoxLayout()
        central.addWidget(splitter, 1)
        central.addWidget(QLabel(self.tr("Latest NG parts")))
        central.addWidget(self.ng_strip)
        root = QWidget()
        root.setLayout(central)
        self.setCentralWidget(root)
        self.setStatusBar(QStatusBar())
        self.recording_label = QLabel()  # what recording is doing: the operator must see a database outage
        self.recording_label.setObjectName("recording_state")
        self.statusBar().addPermanentWidget(self.recording_label)
        self.resize(1400, 900)

        self.setAcceptDrops(True)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, self._open_image_dialog)
        QShortcut(QKeySequence("Ctrl+Shift+O"), self, self._open_folder_dialog)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.toggle_run)
        QShortcut(QKeySequence("P"), self, self.pause_button.toggle)
        QShortcut(QKeySequence("H"), self, self.heat_box.toggle)
        QShortcut(QKeySequence("B"), self, self.boxes_box.toggle)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_fullscreen)
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
        self.history_panel: HistoryPanel | None = None
        self.history_dock: QDockWidget | None = None
        self._restore_layout()
        self._open_history()
        if recipe:
            if self.recipe_box.findText(recipe) < 0:  # a recipe folder given by path, or a name to refuse below
                self.recipe_box.addItem(recipe)
            self.recipe_box.setCurrentText(recipe)
        self.recipe_box.currentTextChanged.connect(self._recipe_changed)
        self._recipe_changed(self.recipe_box.currentText(), start=False)
        self.camera_finder = CameraFinder()
        self.camera_finder.found.connect(self._add_cameras)
        self.camera_finder.start()

    # --- history, review, reports ---------------------------------------------------
    def _open_history(self) -> None:
        """Record every part (if configured) and, once the database answers, add the review/report dock.

        The line runs without the database: the recorder queues parts on disk, and the opener tries
        again every few seconds until the review dock can be shown.
        """
        if self.config.history.record:
            self.runner.config = self.config  # the run session builds the recorder from the same settings
            self.runner.record = True
        QShortcut(QKeySequence("Ctrl+R"), self, self.toggle_history)
        self._history_error: str | None = None
        self._history_opener = HistoryOpener(self.config.history.db)
        self._history_opener.opened.connect(self._history_opened)
        self._history_opener.failed.connect(self._history_failed)
        self._history_opener.start()

    def _history_opened(self, store: HistoryStore) -> None:
        if self.history_panel is not None:
            store.close()
            return
        if self._history_error is not None:
            self.notify(self.tr("History database reachable again"))
        self._history_error = None
        panel = HistoryPanel(store, self.config, self._defect_types)
        dock = QDockWidget(self.tr("Review and reports"), self)
        dock.setObjectName("history_dock")
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.restoreDockWidget(dock)  # where the user left it last time, if the saved layout knows it
        self.history_panel, self.history_dock = panel, dock

    def _history_failed(self, error: str) -> None:
        if self._history_error is None:
            self.notify(self.tr("History database unreachable, parts are queued on disk: {error}").format(error=error))
        self._history_error = error
        QTimer.singleShot(self.HISTORY_RETRY_MS, self, self._history_opener.start)  # dies with the window

    def toggle_history(self) -> None:
        if self.history_panel is None or self.history_dock is None:
            waiting = self._history_error or self.tr("still connecting")
            self.notify(self.tr("Review and reports need the history database: {error}").format(error=waiting))
            return
        self.history_dock.setVisible(not self.history_dock.isVisible())
        if self.history_dock.isVisible():
            self.history_panel.review.reload()

    def _defect_types(self) -> list[str]:
        cascade = self.runner.cascade
        return list(cascade.recipe.detector_classes) if cascade is not None else []

    def _audit(self, action: str, target: str, old: object, new: object) -> None:
        if self.history_panel is not None:
            self.history_panel.audit(action, target, old, new)

    def _add_cameras(self, uris: list[str]) -> None:
        known = {self.source_box.itemText(i) for i in range(self.source_box.count())}
        for uri in uris:
            if uri not in known:
                self.source_box.addItem(uri)

    def _browse_source(self, kind: str) -> None:
        if kind == "video":
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("Video file"), "", self.tr("Videos (*.mp4 *.avi *.mkv *.mov)")
            )
        else:
            name = QFileDialog.getExistingDirectory(self, self.tr("Folder of images"))
        if name:
            self.source_box.setCurrentText(f"{kind}:{name}")

    # --- run control --------------------------------------------------------------
    def _recipe_changed(self, name: str, start: bool = True) -> None:
        was_running = self.runner.running
        previous = self.runner.cascade.recipe.name if self.runner.cascade is not None else None
        self.runner.stop()
        try:
            cascade = self.runner.load_recipe(name)
        except RecipeError as exc:
            self.notify(self.tr("Cannot load recipe: {error}").format(error=exc))
            return
        self.threshold_box.setEnabled(cascade.threshold is not None)
        if cascade.threshold is not None:
            self.threshold_box.setValue(cascade.threshold)
        if start and previous is not None and previous != name:
            self._audit("recipe", name, previous, name)
        providers = ", ".join(f"{role}: {provider}" for role, provider in cascade.info.providers.items())
        self.notify(self.tr("Recipe {name} loaded ({providers})").format(name=name, providers=providers))
        if start and was_running:
            self.start()

    def start(self, max_frames: int | None = None) -> None:
        try:
            self.runner.start(self.source_box.currentText().strip(), max_frames=max_frames)
        except Exception as exc:  # SourceError, RecipeError, OSError: tell the operator, keep running
            self.notify(self.tr("Cannot start: {error}").format(error=exc))
            self._set_run_state("failed", str(exc))
            return
        self.charts.reset()
        self.charts.sample(self.runner.summary())  # the start: a run shorter than a second still gets its point
        self._frozen_seen = 0

    def toggle_run(self) -> None:
        if self.runner.running:
            self.runner.stop()
        else:
            self.start()

    def _threshold_edited(self) -> None:
        value = round(self.threshold_box.value(), 4)
        cascade = self.runner.cascade
        if cascade is None or cascade.threshold in (None, value):
            return
        if self.history_panel is None:
            self.notify(self.tr("The threshold cannot change while the history (who may change it) is unreachable"))
            self.threshold_box.setValue(cascade.threshold or 0.0)
            return
        if self.history_panel.require(auth.CHANGE_THRESHOLD, self.tr("Changing the threshold")) is None:
            self.threshold_box.setValue(cascade.threshold or 0.0)
            return
        old = self.runner.set_threshold(value)
        self._audit("threshold", cascade.recipe.name, old, value)
        self.notify(self.tr("Threshold changed from {old:.4f} to {new:.4f}").format(old=old, new=value))

    def _state_changed(self, state: str) -> None:
        """The runner's word: running or stopped."""
        self._set_run_state("running" if state == "running" else "stopped")

    def _set_run_state(self, state: str, detail: str = "") -> None:
        self._run_state, self._run_detail = state, detail
        self.start_button.setText(self.tr("Stop") if state == "running" else self.tr("Start"))
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
        if paused:
            if self.part_view.inspection is not None:
                self.banner.show_result(self.part_view.inspection, paused=True)
        else:
            self._shown_sequence = -1
            self.part_view.fit()
            self.show_newest()

    def show_newest(self) -> None:
        """At the display rate: the newest result, if one arrived since the last look and the view is live."""
        if self.paused:
            return
        sequence, shown = self.runner.latest()
        if shown is not None and sequence != self._shown_sequence:
            self._shown_sequence = sequence
            self.part_view.show_part(shown.image, shown.inspection)
            self.banner.show_result(shown.inspection)

    def refresh(self) -> None:
        """Everything at once (the timers do it piecewise): newest part, counters, state, NG strip."""
        self.show_newest()
        self.refresh_status()
        self._refresh_ng_strip()

    def refresh_status(self) -> None:
        """Counters and the source's state: running, offline and reconnecting, frozen, failed, finished."""
        summary = self.runner.summary()
        if summary:
            self.counters.update_from(summary)
        self._show_recording_state()
        pipeline = self.runner.pipeline
        if pipeline is None:
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
        stats = getattr(self.runner.source, "stats", None)
        offline_since = getattr(stats, "offline_since", None)
        frozen = int(getattr(stats, "frozen_detections", 0) or 0)
        if frozen > self._frozen_seen:
            self._frozen_seen, self._frozen_at = frozen, time.monotonic()
        details = []
        if offline_since is not None:
            state = "frozen" if time.monotonic() - self._frozen_at < 10 else "reconnecting"
            details.append(self.tr("offline {s:.0f} s").format(s=time.monotonic() - offline_since))
        else:
            state = "running"
        reconnects = int(summary.get("reconnects", 0))
        if reconnects:
            details.append(self.tr("{n} reconnects").format(n=reconnects))
        if frozen:
            details.append(self.tr("{n} frozen").format(n=frozen))
        self._run_state = state
        self.source_state.show_state(state, ", ".join(details))

    def _show_recording_state(self) -> None:
        recorder = self.runner.recorder or self.runner.last_recorder
        if recorder is None:
            return
        state = recorder.state
        parts = [self.tr("Recorded {n}").format(n=state.recorded)]
        if state.queued_offline:
            parts.append(self.tr("database offline: {n} batches kept on disk").format(n=state.queued_offline))
        if state.images_skipped or state.image_errors:
            parts.append(self.tr("{n} pictures not kept").format(n=state.images_skipped + state.image_errors))
        self.recording_label.setText(" \u00b7 ".join(parts))
        self.recording_label.setToolTip(state.last_error or "")

    def _sample_charts(self) -> None:
        if self.runner.running:
            self.charts.sample(self.runner.summary())

    def _refresh_ng_strip(self) -> None:
        """Add only the NG parts not shown yet (newest first); each thumbnail is drawn once."""
        latest = self.runner.latest_ng()
        known = {id(s) for s in self._ng_items}
        fresh = [s for s in latest if id(s) not in known and s.image is not None]
        for shown in reversed(fresh):
            assert shown.image is not None
            score = shown.inspection.defect_score
            score_text = "-" if score is None else f"{score:.3f}"
            labels = ", ".join(sorted({d.label for d in shown.inspection.detections}))
            item = QListWidgetItem(QIcon(thumbnail(shown.image, shown.inspection)), labels or score_text)
            item.setToolTip(
                self.tr("{name}\ndefect score {score}").format(
                    name=Path(shown.inspection.source_id).name, score=score_text
                )
            )
            self.ng_strip.insertItem(0, item)
            self._ng_items.insert(0, shown)
        while self.ng_strip.count() > NG_STRIP_SIZE:
            self.ng_strip.takeItem(self.ng_strip.count() - 1)
            self._ng_items.pop()

    def _show_ng_part(self, item: QListWidgetItem) -> None:
        row = self.ng_strip.row(item)
        if 0 <= row < len(self._ng_items):
            self.show_held(self._ng_items[row].image, self._ng_items[row].inspection)

    def show_held(self, image: np.ndarray | None, inspection: Inspection) -> None:
        """Show a part that is not the newest (an NG thumbnail, an opened file) and pause the view on it."""
        self.set_paused(True)
        self.part_view.show_part(image, inspection)
        self.banner.show_result(inspection, paused=True)

    # --- single parts, outside the live run -------------------------------------------
    def inspect_files(self, paths: list[Path]) -> list[Inspection]:
        """Inspect dropped or opened images (or the images of a folder) at once, with the same overlays."""
        from station.capture.imagefile import ImageReadError, is_image_name, read_image
        from station.core.types import Frame

        cascade = self.runner.cascade
        if cascade is None:
            self.notify(self.tr("Load a recipe first"))
            return []
        files: list[Path] = []
        for path in paths:
            files += sorted(p for p in path.iterdir() if is_image_name(p)) if path.is_dir() else [path]
        results = []
        problems = []
        for index, path in enumerate(files):
            try:
                image = read_image(path)
            except ImageReadError as exc:
                problems.append(str(exc))
                continue
            inspection = cascade.inspect(Frame(str(path), index, image))
            results.append(inspection)
            self.show_held(image, inspection)
        message = self.tr("Inspected {n} file(s)").format(n=len(results))
        if results:
            message += "; " + self.tr("last: {name}").format(name=Path(results[-1].source_id).name)
        if problems:
            message += "; " + self.tr("{n} unreadable: {first}").format(n=len(problems), first=problems[0])
        self.notify(message)
        return results

    def _open_image_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Inspect images"), "", self.tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)")
        )
        if names:
            self.inspect_files([Path(n) for n in names])

    def _open_folder_dialog(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Inspect a folder of images"))
        if name:
            self.inspect_files([Path(name)])

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
        bars = settings.value("window/toolbars")
        if bars is not None:
            self.restoreState(bars)

    def closeEvent(self, event: Any) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/toolbars", self.saveState())
        for timer in (self.timer, self.status_timer, self.strip_timer, self.chart_timer):
            timer.stop()
        self.runner.stop()
        super().closeEvent(event)
