"""The QA review queue: a grid of recorded parts with the selected one large, one key per decision.

Keys work wherever the focus is in the window, except in the note field (where they are
letters): C confirmed defect, F false reject, W wrong defect type (asks for the right one),
S skip, J/K (or the arrows) next/previous, Enter the picture alone. After a decision the next
undecided part is shown at once: the write goes to a worker, in order, and the UI never waits
for the database (queries run on the same worker, after the writes asked before them).
Decisions need a QA lead (or above) signed in; every one is audited with who, when and why,
and with when the part was shown, so the time each decision took is a recorded fact.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from station.core.shifts import ShiftCalendar
from station.history import auth
from station.history.archive import ImageArchive
from station.history.store import HistoryStore
from station.ui.partview import PartView
from station.ui.reviewfilters import ReviewFilters
from station.ui.reviewgrid import GRID_THUMB_PX, PartModel, PictureLoader, StatusDelegate, inspection_from_row
from station.ui.reviewtext import ReviewText
from station.ui.workers import Workers

__all__ = ["REASON_CODES", "LoginDialog", "ReviewPanel", "inspection_from_row"]

log = logging.getLogger(__name__)

REASON_CODES = ("", "visible-defect", "dust-or-dirt", "lighting", "edge-of-part", "label-or-marking", "other")
PART_CACHE = 48  # large pictures kept (frame and heatmap)
PREFETCH = 3  # large pictures read ahead of the selection
WIDE_PX = 640  # from this width (and wider than tall) the grid and the picture sit side by side
ARROW_WIDGETS = (QAbstractSpinBox, QComboBox, QAbstractSlider, QLineEdit, QTextEdit, QAbstractItemView)
ENTER_WIDGETS = (QAbstractSpinBox, QComboBox, QLineEdit, QTextEdit)  # Enter means something there


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LoginDialog(QDialog):
    """User name and PIN; the PIN is never shown or kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in"))
        self.name = QLineEdit()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("User"), self.name)
        form.addRow(self.tr("PIN"), self.pin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ReviewPanel(QWidget):
    """Filters, the grid, the selected part large with its record, decisions; talks to the history on a worker."""

    decided = Signal(str, str)  # inspection uid, decision (once stored)
    partShown = Signal(str)  # the selected part is on screen with its large picture (or is known to have none)
    loaded = Signal()  # a query's parts are in the grid

    def __init__(
        self,
        store: HistoryStore,
        archive: ImageArchive,
        station_id: str,
        current_user: Callable[[], auth.User],
        defect_types: Callable[[], list[str]],
        parent: QWidget | None = None,
        calendar: ShiftCalendar | None = None,
        ok_sample_every: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.archive, self.station_id = store, archive, station_id
        self.current_user, self.defect_types = current_user, defect_types
        self.calendar = calendar or ShiftCalendar()
        self.ok_sample_every = ok_sample_every
        self.text = ReviewText(self.calendar.zone)
        self.lane = Workers(serial=True, parent=self)  # queries and decisions, in the order asked
        self.loader = PictureLoader(archive)
        self.loader.partReady.connect(self._part_ready)
        self.model = PartModel(self.loader, self.text.tile)
        self.parts: OrderedDict[str, tuple[np.ndarray | None, np.ndarray | None]] = OrderedDict()
        self.shown_at: dict[str, dt.datetime] = {}
        self.shown_uid: str | None = None  # the part whose large picture is on screen
        self.unsaved = 0  # decisions handed to the worker and not yet stored
        self._query = 0
        self._asked: set[str] = set()
        self._sized = False

        self.filters = ReviewFilters(self.calendar)
        self.filters.changed.connect(self.reload)
        self.sample_note = QLabel()
        self.sample_note.setWordWrap(True)
        self.sample_note.setObjectName("ReviewSampleNote")
        self.grid = QListView()
        self.grid.setObjectName("ReviewQueue")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setWordWrap(True)
        self.grid.setIconSize(QSize(GRID_THUMB_PX, GRID_THUMB_PX))
        self.grid.setGridSize(QSize(GRID_THUMB_PX + 16, GRID_THUMB_PX + 44))
        self.grid.setMinimumWidth(GRID_THUMB_PX + 16 + 24)  # one column and a scroll bar
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(StatusDelegate(self.grid))
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.queue = self.grid  # the name older callers use
        self.view = PartView()
        self.view.setMinimumSize(160, 140)
        self.details = QLabel()
        self.details.setObjectName("ReviewDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason_box = QComboBox()
        self.reason_box.setToolTip(self.tr("Reason code, kept with the decision"))
        for code in REASON_CODES:
            self.reason_box.addItem(code or self.tr("(no reason code)"), code or None)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("ReviewNote")
        self.note_edit.setPlaceholderText(self.tr("note (any language)"))
        self.note_edit.setToolTip(self.tr("Kept with the decision; Enter or Esc returns the keys to the parts"))
        self.note_edit.returnPressed.connect(self.grid.setFocus)
        buttons = QGridLayout()  # two by two: fits a narrow dock
        actions: list[tuple[str, Callable[[], object]]] = [
            (self.tr("Defect [C]"), lambda: self.decide("confirmed")),
            (self.tr("False reject [F]"), lambda: self.decide("false_reject")),
            (self.tr("Wrong type… [W]"), lambda: self.decide("wrong_type")),
            (self.tr("Skip [S]"), lambda: self.step(1)),
        ]
        for n, (text, action) in enumerate(actions):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click decides, the keys stay with the parts
            button.clicked.connect(action)
            buttons.addWidget(button, n // 2, n % 2)
        self.rates = QLabel()
        self.rates.setObjectName("ReviewRates")
        self.rates.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("ReviewNotice")
        self.notice.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.details)
        why = QHBoxLayout()  # reason and note on one line: the height goes to the parts
        why.addWidget(self.reason_box, 2)
        why.addWidget(self.note_edit, 3)
        right_layout.addLayout(why)
        right_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)  # a narrow dock first; side by side once wide
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(right)
        self.splitter.addWidget(self.grid)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.sample_note)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.rates)
        layout.addWidget(self.notice)
        self._kpi_rest = QTimer(self)  # the QA figures follow the decisions once they rest a moment
        self._kpi_rest.setSingleShot(True)
        self._kpi_rest.setInterval(1500)
        self._kpi_rest.timeout.connect(self.reload_kpi)
        self._make_keys()
        self.destroyed.connect(self.loader.close)

    # -- keys --------------------------------------------------------------------------------

    def _make_keys(self) -> None:
        """Window-wide keys (while the review is visible); letters never fire in the note field."""
        self.letter_keys: list[QShortcut] = []
        self.arrow_keys: list[QShortcut] = []
        self.enter_keys: list[QShortcut] = []
        actions: list[tuple[str, Callable[[], object], list[QShortcut]]] = [
            ("C", lambda: self.decide("confirmed"), self.letter_keys),
            ("F", lambda: self.decide("false_reject"), self.letter_keys),
            ("W", lambda: self.decide("wrong_type"), self.letter_keys),
            ("S", lambda: self.step(1), self.letter_keys),
            ("J", lambda: self.step(1), self.letter_keys),
            ("K", lambda: self.step(-1), self.letter_keys),
            ("Right", lambda: self.step(1), self.arrow_keys),
            ("Down", lambda: self.step(1), self.arrow_keys),
            ("Left", lambda: self.step(-1), self.arrow_keys),
            ("Up", lambda: self.step(-1), self.arrow_keys),
            ("Return", self.toggle_large, self.enter_keys),
            ("Enter", self.toggle_large, self.enter_keys),
        ]
        for key, action, group in actions:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
            group.append(shortcut)
        escape = QShortcut(QKeySequence("Escape"), self.note_edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.grid.setFocus)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        """Letters off in the note field; arrows off where the focused widget uses them (the grid moves itself)."""
        for shortcut in self.letter_keys:
            shortcut.setEnabled(now is not self.note_edit)
        for shortcut in self.arrow_keys:
            shortcut.setEnabled(not isinstance(now, ARROW_WIDGETS))
        for shortcut in self.enter_keys:
            shortcut.setEnabled(not isinstance(now, ENTER_WIDGETS))

    def focus_queue(self) -> None:
        """The queue takes the keyboard (opening the review does this)."""
        self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_large(self) -> None:
        """The picture alone (Enter), and back."""
        self.grid.setVisible(not self.grid.isVisible())
        if self.grid.isVisible():
            self.focus_queue()

    # -- queries (on the worker) ----------------------------------------------------------------

    def reload(self) -> None:
        """Ask for the parts of the current filters; the first undecided one is selected when they come."""
        wanted = self.filters.current()
        store = self.store
        self._query += 1
        number = self._query

        def work() -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
            return store.review_parts(wanted), store.review_choices(wanted.start, wanted.end)

        self.notice.setText(self.tr("Looking for parts…"))
        self.lane.submit("review queue", work, lambda result: self._loaded(number, *result), self._query_failed)
        self.reload_kpi()

    def _query_failed(self, error: str) -> None:
        self.notice.setText(self.tr("History database unreachable: {error}").format(error=error[:200]))

    def _loaded(self, number: int, rows: list[dict[str, Any]], choices: dict[str, list[str]]) -> None:
        if number != self._query:  # a newer question was asked meanwhile
            return
        self.filters.set_choices(choices)
        self.loader.forget()
        self._asked.clear()
        self.model.set_rows(rows)
        self.shown_uid = None
        self.notice.setText(self.tr("{n} parts").format(n=len(rows)) if rows else "")
        self._show_sample_note()
        first = next((n for n, row in enumerate(rows) if row.get("review") == "pending"), 0 if rows else None)
        if first is None:
            self.view.show_part(None, self.text.empty_inspection())
            self.details.setText(self.tr("Nothing to review with these filters."))
        else:
            self.select(first)
        self.loaded.emit()

    def _show_sample_note(self) -> None:
        if not self.filters.includes_ok():
            self.sample_note.hide()
            return
        every = self.ok_sample_every
        self.sample_note.setText(
            self.tr(
                "OK parts are a sample: the station keeps the picture of 1 OK part in {n}; only those are shown."
            ).format(n=every)
            if every
            else self.tr("OK parts are a sample: only those the station kept a picture of are shown.")
        )
        self.sample_note.show()

    def reload_kpi(self) -> None:
        """The QA figures of the period: rates per shift and the time decisions took (on the worker)."""
        start, end = self.filters.period_window()
        store = self.store
        self.lane.submit(
            "review figures",
            lambda: (store.review_rates(start=start, end=end), store.decision_times(start, end)),
            lambda result: self.rates.setText(self.text.kpi(*result)),
            self._query_failed,
        )

    # -- selection and pictures -------------------------------------------------------------------

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.model.rows

    def current_row(self) -> int:
        index = self.grid.currentIndex()
        return index.row() if index.isValid() else -1

    def select(self, number: int) -> None:
        if 0 <= number < len(self.rows):
            self.grid.setCurrentIndex(self.model.index(number))

    def step(self, by: int) -> None:
        """Next (1) or previous (-1) part, without a decision."""
        if self.rows:
            self.select(min(max(self.current_row() + by, 0), len(self.rows) - 1))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        number = current.row()
        row = self.rows[number]
        self.grid.scrollTo(current)
        self.details.setText(self.text.details(row))
        self.details.setToolTip(self.text.models(row))
        if row["uid"] in self.parts:
            self.parts.move_to_end(row["uid"])
            self._show_large(row)
        else:
            self.shown_uid = None
            self.view.show_part(None, inspection_from_row(row, None))
            self._ask_part(row, urgent=True)
        for ahead in (*range(number + 1, number + 1 + PREFETCH), number - 1):
            if 0 <= ahead < len(self.rows):
                self._ask_part(self.rows[ahead])

    def _ask_part(self, row: dict[str, Any], urgent: bool = False) -> None:
        if row["uid"] in self.parts or (row["uid"] in self._asked and not urgent):
            return
        self._asked.add(row["uid"])
        self.loader.want_part(row, urgent=urgent)

    def _part_ready(self, uid: str, picture: tuple[np.ndarray | None, np.ndarray | None]) -> None:
        self._asked.discard(uid)
        self.parts[uid] = picture
        while len(self.parts) > PART_CACHE:
            self.parts.popitem(last=False)
        number = self.current_row()
        if 0 <= number < len(self.rows) and self.rows[number]["uid"] == uid:
            self._show_large(self.rows[number])

    def _show_large(self, row: dict[str, Any]) -> None:
        image, heatmap = self.parts[row["uid"]]
        self.view.show_part(image, inspection_from_row(row, heatmap))
        if image is None:
            self.details.setText(self.text.details(row) + "\n" + self.tr("(image not kept or pruned)"))
        self.shown_uid = row["uid"]
        self.shown_at[row["uid"]] = utc_now()
        self.partShown.emit(row["uid"])

    # -- decisions ------------------------------------------------------------------------------------

    def decide(self, decision: str) -> bool:
        """Record a decision on the selected part (on the worker) and show the next undecided one at once.

        False when refused (no part, not allowed, an OK part, the right type not given)."""
        decided_at = utc_now()
        number = self.current_row()
        if not 0 <= number < len(self.rows):
            return False
        row = self.rows[number]
        user = self.current_user()
        try:
            user.require(auth.REVIEW, self.tr("Reviewing parts"))
        except auth.PermissionDenied as exc:
            self.notice.setText(str(exc))
            return False
        if row["verdict"] != "NG":
            self.notice.setText(self.tr("Only flagged parts take a decision; this one passed."))
            return False
        correct_type = self._ask_type() if decision == "wrong_type" else None
        if decision == "wrong_type" and not correct_type:
            return False
        before = {k: row.get(k) for k in ("review", "decided_by", "decided_at", "reason_code", "note", "correct_type")}
        reason, note = self.reason_box.currentData(), self.note_edit.text().strip() or None
        shown_at = self.shown_at.get(row["uid"])
        self.model.update_row(
            number,
            review=decision,
            decided_by=user.name,
            decided_at=decided_at,
            reason_code=reason,
            note=note,
            correct_type=correct_type,
        )
        self.note_edit.clear()
        self.reason_box.setCurrentIndex(0)
        self._go_on_from(number)
        store, uid, station = self.store, row["uid"], self.station_id
        self.unsaved += 1

        def work() -> None:
            store.decide(uid, decision, user.name, station, correct_type, reason, note, shown_at, decided_at)

        def saved(_: object) -> None:
            self.unsaved -= 1
            self.notice.setText(self.text.saved(decision, user.name))
            self.decided.emit(uid, decision)
            self._kpi_rest.start()

        def failed(error: str) -> None:
            self.unsaved -= 1
            self.notice.setText(self.tr("Decision not saved: {error}").format(error=error[:200]))
            again = self.model._row_of.get(uid)
            if again is not None:
                self.model.update_row(again, **before)

        self.lane.submit(f"review decision {uid}", work, saved, failed)
        return True

    def _go_on_from(self, number: int) -> None:
        """The next undecided part after this one; the one after when none is left."""
        later = (n for n in range(number + 1, len(self.rows)) if self.rows[n].get("review") == "pending")
        following = next(later, None)
        if following is None and number + 1 < len(self.rows):
            following = number + 1
        if following is None:
            self.notice.setText(self.tr("No part left to decide in this view."))
            self.details.setText(self.text.details(self.rows[number]))
            return
        self.select(following)

    def _ask_type(self) -> str | None:
        types = self.defect_types()
        if types:
            chosen, ok = QInputDialog.getItem(self, self.tr("Wrong type"), self.tr("The right type"), types, 0, False)
        else:
            chosen, ok = QInputDialog.getText(self, self.tr("Wrong type"), self.tr("The right type"))
        return chosen if ok and chosen else None

    def wait_saved(self, timeout_ms: int = 10_000) -> bool:
        """Block until the worker has stored every decision asked (tests, benchmarks, closing)."""
        return self.lane.wait(timeout_ms)

    # -- layout -------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side when the panel is wide, the picture above one row of thumbnails when it is narrow."""
        super().resizeEvent(event)
        size = event.size()
        wide = size.width() >= max(WIDE_PX, 1.15 * size.height())
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted or not self._sized or not wide:
            self._sized = True
            if self.splitter.orientation() != wanted:
                self.splitter.setOrientation(wanted)
                self.splitter.insertWidget(0 if wide else 1, self.grid)
            QTimer.singleShot(0, self._share_splitter)  # once the layout has given the splitter its new size

    def _share_splitter(self) -> None:
        if self.splitter.orientation() == Qt.Orientation.Horizontal:
            width = self.splitter.width()
            self.splitter.setSizes([width * 2 // 5, width - width * 2 // 5])
        else:
            row = self.grid.gridSize().height() + 2 * self.grid.frameWidth() + 4
            self.splitter.setSizes([max(self.splitter.height() - row, 1), row])
