"""Charts of a model's figures: grouped bars (per-class precision/recall/F1, AP, a comparison) and a confusion matrix.

pyqtgraph, like the line's rate charts: the figures come from the recipe's evaluation files or from a
comparison run on a worker; these widgets only draw them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

SERIES_COLOURS = ("#1a73e8", "#e37400", "#1e7b34", "#9334e6")


class BarChart(pg.PlotWidget):  # type: ignore[misc]
    """Groups along x (classes or metrics), one bar per series in each, values on the bars, a legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setMinimumHeight(220)
        self.plot_item = self.getPlotItem()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.hideButtons()
        self.plot_item.showGrid(y=True, alpha=0.3)
        self.bars: list[pg.BarGraphItem] = []
        self.labels: list[pg.TextItem] = []
        self.legend: pg.LegendItem | None = None

    def show_bars(
        self, title: str, groups: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], top: float = 1.0
    ) -> None:
        """``series``: (name, one value per group); a missing value (None) draws no bar."""
        self.plot_item.clear()
        if self.legend is not None:
            self.legend.scene().removeItem(self.legend)
        self.legend = self.plot_item.addLegend(offset=(10, 5), colCount=max(1, len(series)))
        self.plot_item.setTitle(title)
        self.bars, self.labels = [], []
        width = 0.8 / max(1, len(series))
        for s, (name, values) in enumerate(series):
            xs = [g - 0.4 + width * (s + 0.5) for g in range(len(groups))]
            heights = [float(v) if v is not None else 0.0 for v in values]
            colour = SERIES_COLOURS[s % len(SERIES_COLOURS)]
            bar = pg.BarGraphItem(x=xs, height=heights, width=width * 0.9, brush=colour, pen=None, name=name)
            self.plot_item.addItem(bar)
            self.bars.append(bar)
            for x, value in zip(xs, values, strict=True):
                if value is None:
                    continue
                label = pg.TextItem(f"{value:.3f}", color="#202124", anchor=(0.5, 1.0))
                label.setPos(x, float(value))
                self.plot_item.addItem(label)
                self.labels.append(label)
        self.plot_item.getAxis("bottom").setTicks([list(enumerate(groups))])
        self.plot_item.setXRange(-0.6, len(groups) - 0.4, padding=0)
        self.plot_item.setYRange(0, top * 1.3, padding=0)  # the legend sits above the bars, never on them
        self.plot_item.getAxis("left").setTicks([[(v / 5 * top, f"{v / 5 * top:g}") for v in range(6)]])


class ConfusionChart(pg.PlotWidget):  # type: ignore[misc]
    """A confusion matrix: rows the truth, columns the verdict, each cell's count written in it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setMinimumSize(240, 220)
        self.plot_item = self.getPlotItem()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.hideButtons()
        self.plot_item.invertY(True)  # the first class on top, as a table reads
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(self._lut())
        self.plot_item.addItem(self.image)
        self.cells: list[pg.TextItem] = []

    @staticmethod
    def _lut() -> np.ndarray:
        """White to a deep blue: a darker cell holds more parts."""
        t = np.linspace(0.0, 1.0, 256)[:, None]
        white, blue = np.array([255, 255, 255]), np.array([21, 87, 176])
        lut: np.ndarray = (white + (blue - white) * t).astype(np.ubyte)
        return lut

    def show_matrix(self, title: str, matrix: Sequence[Sequence[int]], classes: Sequence[str]) -> None:
        counts = np.asarray(matrix, dtype=np.float64)
        for cell in self.cells:
            self.plot_item.removeItem(cell)
        self.cells = []
        # shares of each true class, so a rare class's misses show as strongly as a common one's
        shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
        self.image.setImage(shares, levels=(0.0, 1.0))
        self.image.setRect(0, 0, counts.shape[1], counts.shape[0])
        for r in range(counts.shape[0]):
            for c in range(counts.shape[1]):
                colour = "w" if shares[r, c] > 0.55 else "#202124"
                cell = pg.TextItem(f"{int(counts[r, c])}", color=colour, anchor=(0.5, 0.5))
                font = cell.textItem.font()
                font.setPixelSize(18)
                font.setBold(True)
                cell.setFont(font)
                cell.setPos(c + 0.5, r + 0.5)
                self.plot_item.addItem(cell)
                self.cells.append(cell)
        ticks = [[(i + 0.5, name) for i, name in enumerate(classes)]]
        self.plot_item.getAxis("bottom").setTicks(ticks)
        self.plot_item.getAxis("left").setTicks(ticks)
        self.plot_item.setLabel("bottom", self.tr("verdict"))
        self.plot_item.setLabel("left", self.tr("truth"))
        self.plot_item.setTitle(title)
        self.plot_item.setRange(xRange=(0, counts.shape[1]), yRange=(0, counts.shape[0]), padding=0.02)
