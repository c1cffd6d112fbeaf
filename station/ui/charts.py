"""The line's rate charts: parts/s, NG rate and latency p95, one point a second.

They follow the shift, not one run: a Stop and a Start carry on the same curves
(the stop shows as a break in the line), so the operator keeps the picture of
the last half hour.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLocale

PLOT_MIN_PX = 95  # a plot with its title, one or two value labels and room between them


def few_ticks(top: float, height_px: float = 90.0) -> list[float]:
    """Round values well inside (0, top), as many as fit ``height_px`` (a label needs ~30 px, or they overlap);
    the axis hides labels that would cross its ends."""
    count = int(min(3, max(1, height_px // 30)))
    power = float(np.floor(np.log10(top)))
    nice = [m * 10 ** (power + e) for e in (-1, 0) for m in (1, 2, 5)]  # ascending
    fitting = [step for step in nice if step <= 0.85 * top]  # at least one label inside the axis
    step = next((v for v in fitting if v >= top / (count + 1)), fitting[-1])
    return [float(k * step) for k in range(1, count + 1) if k * step <= 0.85 * top]


class LocaleAxis(pg.AxisItem):  # type: ignore[misc]
    """pyqtgraph's tick labels with the locale's decimal point (``0,2`` in Russian, as everywhere else)."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        point = QLocale().decimalPoint()
        return [text.replace(".", point) for text in super().tickStrings(values, scale, spacing)]


class RateCharts(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """Parts/s and NG rate over the last minute, and latency p95: one point a second, the last 30 minutes."""

    def __init__(self, span_s: int = 1800, window_s: int = 60) -> None:
        super().__init__()
        self._start: float | None = None
        self._base_parts = self._base_ng = 0
        self._run_parts = self._run_ng = 0
        self._break = False
        self.setBackground("w")
        self.window_s = window_s
        self.rate_plot = self.addPlot(title=self.tr("parts / s (last minute)"))
        self.nextRow()
        self.ng_plot = self.addPlot(title=self.tr("NG rate % (last minute)"))
        self.nextRow()
        self.latency_plot = self.addPlot(title=self.tr("latency p95 (ms)"), axisItems={"bottom": LocaleAxis("bottom")})
        self.latency_plot.setLabel("bottom", self.tr("minutes"))
        for plot in (self.rate_plot, self.ng_plot):  # one time axis, at the bottom
            plot.setXLink(self.latency_plot)
            plot.getAxis("bottom").setStyle(showValues=False)
            plot.getAxis("bottom").setHeight(4)
        self.rate_curve = self.rate_plot.plot(pen=pg.mkPen("#1a73e8", width=2))
        self.ng_curve = self.ng_plot.plot(pen=pg.mkPen("#b3261e", width=2))
        self.latency_curve = self.latency_plot.plot(pen=pg.mkPen("#5f6368", width=2))
        self.plots = (self.rate_plot, self.ng_plot, self.latency_plot)
        self.shown = 3  # how many plots fit (see fit): the latency plot goes first, then the NG rate
        for plot in self.plots:
            plot.getAxis("bottom").enableAutoSIPrefix(False)  # "minutes", never "minutes (x0.001)"
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
        self.reset()

    def reset(self) -> None:
        for values in (self._samples, self.times, self.rates, self.ng_rates, self.latencies):
            values.clear()
        self._start = None
        self._base_parts = self._base_ng = 0  # the counts of the runs before this one
        self._run_parts = self._run_ng = 0
        self._break = False
        for curve in (self.rate_curve, self.ng_curve, self.latency_curve):
            curve.setData([], [])
        for plot in self.plots:
            plot.setXRange(0, 1, padding=0)
        for plot, top in ((self.rate_plot, 1.0), (self.ng_plot, 10.0), (self.latency_plot, 100.0)):
            plot.setYRange(0, top, padding=0)
            self._set_ticks(plot, top)

    def new_run(self) -> None:
        """A run starts: its counts start at 0, the curves carry on after a break."""
        self._base_parts += self._run_parts
        self._base_ng += self._run_ng
        self._run_parts = self._run_ng = 0
        self._break = True

    def fit(self, height: int) -> int:
        """Show as many plots as ``height`` holds with their labels (``PLOT_MIN_PX`` each), none below one;
        the last one shown carries the time axis. Returns how many are shown."""
        shown = max(0, min(len(self.plots), height // PLOT_MIN_PX))
        if shown != self.shown:
            self.shown = shown
            for plot in self.plots:
                if plot.scene() is not None and plot in self.ci.items:
                    self.ci.removeItem(plot)
            for row, plot in enumerate(self.plots[:shown]):
                self.ci.addItem(plot, row=row, col=0)
                last = row == shown - 1
                axis = plot.getAxis("bottom")
                axis.setStyle(showValues=last)
                axis.setHeight(None if last else 4)
                plot.setLabel("bottom", self.tr("minutes") if last else None)
        if self.isHidden() == (shown > 0):  # hidden deliberately, not squeezed to bare lines
            self.setVisible(shown > 0)
        return shown

    @staticmethod
    def _set_ticks(plot: pg.PlotItem, top: float) -> None:
        ticks = few_ticks(top, plot.getViewBox().height())
        plot.getAxis("left").setTicks([[(v, QLocale().toString(v, "g", 6)) for v in ticks]])

    def sample(self, summary: dict[str, Any], now: float | None = None) -> None:
        """One point from a run's cumulative counts; a run that starts again carries on the same curves."""
        now = time.monotonic() if now is None else now
        run_parts, run_ng = int(summary.get("parts", 0)), int(summary.get("ng", 0))
        if run_parts < self._run_parts:  # a new run nobody announced
            self.new_run()
        self._run_parts, self._run_ng = run_parts, run_ng
        parts, ng = self._base_parts + run_parts, self._base_ng + run_ng
        if self._start is None:
            self._start = now
        if self._break and self.times:  # a gap in the line where the line was stopped
            self._break = False
            self._samples.clear()
            for values in (self.rates, self.ng_rates, self.latencies):
                values.append(float("nan"))
            self.times.append((now - self._start) / 60)
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
            # A lone point gets a marker, but never a NaN one: pyqtgraph warns about it, and printing
            # the first warning reads and tokenizes pyqtgraph's source on the UI thread (~0.3 s, measured).
            lone = len(y) == 1 and bool(np.isfinite(y).all())
            curve.setData(x, y, connect="finite", symbol="o" if lone else None, symbolSize=7)
            top = max(floor, float(np.nanmax(y)) * 1.15 if np.isfinite(y).any() else 0.0)
            plot.setYRange(0, top, padding=0)
            self._set_ticks(plot, top)
            plot.setXRange(float(x[0]), max(float(x[-1]), float(x[0]) + 1.0), padding=0)
