"""Layouts that fit a workstation's small screen (1366x768, 1024x768) as well as a large one.

What gives way, in order, when room runs short (the banner never does):
- the tool bars go on more rows, so no control folds into an overflow menu;
- a dock (review and reports) gets what the live part leaves: the live part keeps at least
  ``LIVE_MIN_PX``, and a dock's panel scrolls rather than pushing the window wider;
- the live part puts the picture above the banner and counters once it is narrower than
  ``SIDE_BY_SIDE_PX`` (side by side, the picture would be a sliver);
- the charts drop the latency plot, then the NG-rate plot, then hide, rather than lose their labels;
- in the stacked layout on a short screen, the strip of NG parts hides (they are in the review queue).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from station.ui.charts import RateCharts

LIVE_MIN_PX = 460  # the live part (picture, banner, counters) is never narrower
SIDE_BY_SIDE_PX = 760  # below this width the picture goes above the banner and counters
DOCK_PREFERRED_PX = 640  # a dock's width when the window has room
DOCK_MIN_SIDE_BY_SIDE_PX = 520  # a dock narrows to this to keep the live part side by side
DOCK_CHROME_PX = 24  # the separator and margins between the live part and a dock
PART_MIN_PX = 260  # the picture's least width (side by side) or height (stacked)
STRIP_MIN_HEIGHT_PX = 800  # the stacked live part shows the NG strip only when this tall


def scrolled(panel: QWidget) -> QScrollArea:
    """A dock's panel in a scroll area: a narrow dock scrolls instead of widening the window."""
    area = QScrollArea()
    area.setObjectName("dock_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(panel)
    return area


class LiveArea(QWidget):
    """The main window's centre: the part beside (or above) the status column, the NG strip below."""

    def __init__(self, part: QWidget, column: list[QWidget], charts: RateCharts, strip: QWidget) -> None:
        super().__init__()
        self.setObjectName("live_area")
        self.setMinimumWidth(LIVE_MIN_PX)
        self.part, self.column_widgets, self.charts, self.strip = part, column, charts, strip
        part.setMinimumSize(PART_MIN_PX, 160)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        for widget in column:
            right.addWidget(widget)
        right.addWidget(charts, 1)
        right.addStretch(0)  # takes the room of hidden charts, so the banner keeps its size
        self.column = QWidget()
        self.column.setObjectName("status_column")
        self.column.setLayout(right)
        self.splitter = QSplitter()
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)  # neither the picture nor the banner can be dragged away
        self.splitter.addWidget(part)
        self.splitter.addWidget(self.column)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 520])
        self.strip_label = QLabel(self.tr("Latest NG parts"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.strip_label)
        layout.addWidget(strip)
        self.stacked = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

    def arrange(self) -> None:
        """Side by side or stacked by width; the strip and the charts by the height left."""
        stacked = self.width() < SIDE_BY_SIDE_PX
        if stacked != self.stacked or self.splitter.orientation() != self._orientation(stacked):
            self.stacked = stacked
            self.splitter.setOrientation(self._orientation(stacked))
            if stacked:  # the column at its natural height, the picture takes the rest
                self.splitter.setSizes([max(PART_MIN_PX, self.height()), self.column.sizeHint().height()])
            else:
                self.splitter.setSizes([3 * self.width() // 5, 2 * self.width() // 5])
        show_strip = not stacked or self.height() >= STRIP_MIN_HEIGHT_PX
        if self.strip.isVisibleTo(self) != show_strip:
            self.strip.setVisible(show_strip)
            self.strip_label.setVisible(show_strip)
        if stacked:
            self.charts.fit(0)  # hidden: under the picture there is no room for plots with their labels
        else:
            fixed = sum(w.sizeHint().height() for w in self.column_widgets) + 6 * len(self.column_widgets)
            self.charts.fit(self.column.height() - fixed)

    @staticmethod
    def _orientation(stacked: bool) -> Qt.Orientation:
        return Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal


class WindowFit(QObject):
    """Keeps the tool bars on enough rows and gives a dock what the live part can spare."""

    def __init__(self, window: QMainWindow, bars: tuple[QToolBar, ...], live: LiveArea) -> None:
        super().__init__(window)
        self.window, self.bars, self.live = window, bars, live
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.pack_toolbars()
        return False

    def pack_toolbars(self) -> None:
        """Tool bars at the top, in order, on as few rows as hold each one whole."""
        width, used, changed = self.window.width(), 0, False
        for bar in self.bars:
            if self.window.toolBarArea(bar) != Qt.ToolBarArea.TopToolBarArea or bar.isHidden():
                continue
            need = bar.sizeHint().width()
            breaks = bool(used) and used + need > width
            if breaks != self.window.toolBarBreak(bar):
                changed = True
                if breaks:
                    self.window.insertToolBarBreak(bar)
                else:
                    self.window.removeToolBarBreak(bar)
            used = need if breaks else used + need
        least = self.window.minimumSizeHint().height()
        if changed and self.window.height() < least and not self.window.isMaximized():
            self.window.resize(width, least)  # a row more: the window grows rather than squeeze its centre

    def add_dock(self, dock: QDockWidget) -> None:
        """Size a side dock each time it is shown, so the live part keeps its share of the window."""
        dock.visibilityChanged.connect(lambda visible: self.fit_dock(dock) if visible else None)

    def dock_width(self) -> int:
        """What a side dock gets: its preferred width, less if the live part would lose its side-by-side layout."""
        width = self.window.width()
        dock = min(DOCK_PREFERRED_PX, width - LIVE_MIN_PX)
        room = width - SIDE_BY_SIDE_PX - DOCK_CHROME_PX
        if width - dock - DOCK_CHROME_PX < SIDE_BY_SIDE_PX and room >= DOCK_MIN_SIDE_BY_SIDE_PX:
            dock = room
        return max(dock, 200)

    def fit_dock(self, dock: QDockWidget) -> None:
        area = self.window.dockWidgetArea(dock)
        if dock.isFloating() or area not in (
            Qt.DockWidgetArea.LeftDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea,
        ):
            return
        self.window.resizeDocks([dock], [self.dock_width()], Qt.Orientation.Horizontal)
