"""The main window's tie to the history: recording, the review/report dock, and the shift's totals.

The line runs without the database: the recorder queues parts on disk, and the
opener tries again every few seconds until the review dock can be shown. The
shift's totals are asked on a worker, a few seconds apart and after each stop,
never on the UI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow

from station.core.config import StationConfig
from station.history.store import HistoryStore, Stats
from station.ui.fit import scrolled
from station.ui.historyview import HistoryPanel
from station.ui.runner import InspectionRunner
from station.ui.shifttotals import Query, ShiftTotals
from station.ui.workers import HistoryOpener, Workers


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class HistoryLink(QObject):
    """Opens the history off the UI thread, adds the dock once it answers, keeps the shift's totals."""

    totalsChanged = Signal()
    opened = Signal(object)  # the review and reports dock, once the history answered

    def __init__(
        self,
        window: QMainWindow,
        runner: InspectionRunner,
        config: StationConfig,
        workers: Workers,
        notify: Callable[[str], None],
        retry_ms: int,
    ) -> None:
        super().__init__(window)
        self.window, self.runner, self.config = window, runner, config
        self.workers, self.notify, self.retry_ms = workers, notify, retry_ms
        self.panel: HistoryPanel | None = None
        self.dock: QDockWidget | None = None
        self.error: str | None = None
        self.totals = ShiftTotals(config.calendar)
        self._asked = False
        self._totals_error: str | None = None
        if config.history.record:
            runner.config = config  # the run session builds the recorder from the same settings
            runner.record = True
        self._opener = HistoryOpener(config.history.db)
        self._opener.opened.connect(self._opened)
        self._opener.failed.connect(self._failed)
        self._opener.start()

    def _opened(self, store: HistoryStore) -> None:
        if self.panel is not None:
            store.close()
            return
        if self.error is not None:
            self.notify(self.tr("History database reachable again"))
        self.error = None
        panel = HistoryPanel(store, self.config, self._defect_types)
        dock = QDockWidget(self.tr("Review and reports"), self.window)
        dock.setObjectName("history_dock")
        dock.setWidget(scrolled(panel))  # a narrow dock scrolls instead of widening the window
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.window.restoreDockWidget(dock)  # where the user left it last time, if the saved layout knows it
        self.panel, self.dock = panel, dock
        self.opened.emit(dock)
        self.ask_totals()

    def _failed(self, error: str) -> None:
        if self.error is None:
            self.notify(self.tr("History database unreachable, parts are queued on disk: {error}").format(error=error))
        self.error = error
        QTimer.singleShot(self.retry_ms, self, self._opener.start)  # dies with the window

    def toggle(self) -> None:
        """Ctrl+R: open the review (or say why there is none yet); hide the dock when the review is on top."""
        panel, dock = self.panel, self.dock
        if panel is not None and dock is not None and dock.isVisible() and panel.tabs.currentWidget() is panel.review:
            dock.hide()
            return
        self.open_review()

    def open_review(self) -> bool:
        """Show the dock on its Review page with the keyboard on the queue; the first undecided part is
        selected once the parts arrive. The menu's Review entry and Ctrl+R call this. False while the
        history database is not open yet (the status bar says why)."""
        if self.panel is None or self.dock is None:
            waiting = self.error or self.tr("still connecting")
            self.notify(self.tr("Review and reports need the history database: {error}").format(error=waiting))
            return False
        self.dock.show()
        self.dock.raise_()
        if self.panel.tabs.currentWidget() is not self.panel.review:
            self.panel.tabs.setCurrentWidget(self.panel.review)  # reloads the queue
        else:
            self.panel.review.reload()
        self.panel.review.focus_queue()
        return True

    def _defect_types(self) -> list[str]:
        cascade = self.runner.cascade
        return list(cascade.recipe.detector_classes) if cascade is not None else []

    def audit(self, action: str, target: str, old: object, new: object) -> None:
        if self.panel is not None:
            self.panel.audit(action, target, old, new)

    def ask_totals(self) -> None:
        """Ask the history (on a worker) for the shift's parts before this run; one question at a time."""
        if self.panel is None or self._asked:
            return
        query = self.totals.query(utc_now())
        if query is None:
            return
        store, station = self.panel.store, self.config.station_id
        self._asked = True
        self.workers.submit(
            "shift totals",
            lambda: store.stats(query.shift.start, query.end, station=station),
            lambda stats: self._answered(query, stats),
            self._not_answered,
        )

    def _answered(self, query: Query, stats: Stats) -> None:
        self._asked, self._totals_error = False, None
        self.totals.answer(query, stats)
        self.totalsChanged.emit()

    def _not_answered(self, error: str) -> None:
        self._asked = False
        if error != self._totals_error:  # once per new error, not every few seconds
            self.notify(self.tr("Shift totals unavailable: {error}").format(error=error[:200]))
        self._totals_error = error
