"""The tool bars of the main window and their controls, built here, wired by the window.

Their places are remembered; a narrow window puts them on more rows (see ``fit``), never in an overflow.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSlider,
    QToolBar,
    QToolButton,
    QWidget,
)

from station.core.config import StationConfig
from station.core.paths import models_dir
from station.inference.cascade import Cascade


class Controls(QObject):
    """The recipe and source choosers, run and view buttons, threshold and the dialogs' buttons."""

    def __init__(self, window: QMainWindow, source: str, config: StationConfig) -> None:
        super().__init__(window)
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
        self.browse = QToolButton()
        self.browse.setText(self.tr("Browse\u2026"))
        self.browse.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.browse_menu = QMenu(self.browse)
        self.browse.setMenu(self.browse_menu)
        self.browse_menu.addAction(self.tr("Folder of images\u2026"), lambda: self.browse_source("folder"))
        self.browse_menu.addAction(
            self.tr("Watched folder (new images as they arrive)\u2026"), lambda: self.browse_source("watch")
        )
        self.browse_menu.addAction(self.tr("Video file\u2026"), lambda: self.browse_source("video"))
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Start or stop inspection (Space)"))
        self.trigger_button = QPushButton(self.tr("Trigger"))
        self.trigger_button.setObjectName("trigger_button")
        self.trigger_button.setToolTip(self.tr("Take one picture: a GigE camera with trigger=software (T)"))
        self.trigger_button.setEnabled(False)
        self.pause_button = QPushButton(self.tr("Pause view"))
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(
            self.tr("Hold the part on screen to zoom (wheel) and pan (drag); inspection goes on (P)")
        )
        self.heat_box = QCheckBox(self.tr("Heatmap"))
        self.heat_box.setToolTip(self.tr("Grad-CAM heatmap overlay (H)"))
        self.heat_box.setChecked(config.heatmap_visible)
        self.boxes_box = QCheckBox(self.tr("Boxes"))
        self.boxes_box.setToolTip(self.tr("Defect boxes with label and confidence (B)"))
        self.boxes_box.setChecked(True)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(round(config.heatmap_opacity * 100))
        self.opacity.setFixedWidth(110)
        self.opacity.setToolTip(self.tr("Heatmap opacity"))
        self.threshold_box = QDoubleSpinBox()
        self.threshold_box.setRange(0.0, 1.0)
        self.threshold_box.setDecimals(4)
        self.threshold_box.setSingleStep(0.01)
        self.threshold_box.setToolTip(self.tr("Defect score at or above which a part fails; changes are logged"))
        self.open_button = QPushButton(self.tr("Open\u2026"))
        self.open_button.setToolTip(
            self.tr("Inspect images now, outside the live run (Ctrl+O; a folder: Ctrl+Shift+O)")
        )
        self.camera_button = QPushButton(self.tr("Camera\u2026"))
        self.camera_button.setToolTip(self.tr("Exposure, gain and trigger of a GigE camera"))
        self.threshold_label = QLabel(" " + self.tr("Threshold") + " ")

        # Three bars; the window puts them on as many rows as its width needs, so none folds into an overflow.
        run_bar = window.addToolBar(self.tr("Run"))
        run_bar.setObjectName("run_toolbar")
        view_bar = window.addToolBar(self.tr("View"))
        view_bar.setObjectName("view_toolbar")
        self.station_bar = window.addToolBar(self.tr("Station"))
        self.station_bar.setObjectName("station_toolbar")
        self.bars = (run_bar, view_bar, self.station_bar)
        placed: tuple[tuple[QToolBar, QLabel | None, QWidget], ...] = (
            (run_bar, QLabel(" " + self.tr("Recipe") + " "), self.recipe_box),
            (run_bar, QLabel(" " + self.tr("Source") + " "), self.source_box),
            (run_bar, None, self.browse),
            (run_bar, None, self.start_button),
            (run_bar, None, self.trigger_button),
            (run_bar, None, self.pause_button),
            (view_bar, None, self.heat_box),
            (view_bar, QLabel(" " + self.tr("Opacity") + " "), self.opacity),
            (view_bar, None, self.boxes_box),
            (view_bar, self.threshold_label, self.threshold_box),
            (self.station_bar, None, self.open_button),
            (self.station_bar, None, self.camera_button),
        )
        for bar, label, widget in placed:
            if label is not None:
                bar.addWidget(label)
            bar.addWidget(widget)

    def show_threshold(self, cascade: Cascade) -> None:
        """The threshold the banner prints: the operating one (editable), or a detector-only recipe's box
        confidence (read-only: it is the recipe's ``detector_confidence``), never a stale or empty 0."""
        if cascade.threshold is not None:
            self.threshold_label.setText(" " + self.tr("Threshold") + " ")
            self.threshold_box.setEnabled(True)
            self.threshold_box.setValue(cascade.threshold)
            self.threshold_box.setToolTip(self.tr("Defect score at or above which a part fails; changes are logged"))
            return
        self.threshold_label.setText(" " + self.tr("Box confidence") + " ")
        self.threshold_box.setValue(cascade.recipe.detector_confidence)
        self.threshold_box.setEnabled(False)
        self.threshold_box.setToolTip(
            self.tr("This recipe has only a detector: a box at or above this confidence fails the part (recipe.yaml)")
        )

    def browse_source(self, kind: str) -> None:
        """Pick a folder, a watched folder or a video file as the source."""
        window = self.parent()
        assert isinstance(window, QWidget)
        if kind == "video":
            name, _ = QFileDialog.getOpenFileName(
                window, self.tr("Video file"), "", self.tr("Videos (*.mp4 *.avi *.mkv *.mov)")
            )
        else:
            name = QFileDialog.getExistingDirectory(window, self.tr("Folder of images"))
        if name:
            self.source_box.setCurrentText(f"{kind}:{name}")

    def run_controls(self) -> tuple[QWidget, ...]:
        """What a start, stop or recipe switch in progress disables (the rest of the window stays usable)."""
        return (self.recipe_box, self.source_box, self.browse, self.start_button, self.camera_button)
