"""The QA review queue: flagged parts, newest first, one key per decision.

Keys (when the queue has focus): C confirmed defect, F false reject, W wrong
defect type (asks for the right one), Up/Down move. After a decision the next
part is shown at once, so a lead can clear a hundred parts in minutes.
Decisions need a QA lead (or above) signed in; every one is audited.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, ClassVar

import cv2
import numpy as np
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station.core.types import Detection, Inspection, Verdict
from station.history import auth
from station.history.archive import ImageArchive
from station.history.store import HistoryError, HistoryStore
from station.ui.partview import PartView

log = logging.getLogger(__name__)

REASON_CODES = ("", "visible-defect", "dust-or-dirt", "lighting", "edge-of-part", "label-or-marking", "other")


def inspection_from_row(row: dict[str, Any], heatmap: np.ndarray | None) -> Inspection:
    """The recorded part as an Inspection, so the review draws it exactly as the live view did."""
    detections = tuple(
        Detection(d["label"], int(d["class_id"]), float(d["confidence"]), tuple(d["box"]))
        for d in row.get("detections") or []
    )
    return Inspection(
        source_id=str(row["source"]),
        index=int(row["frame_id"]),
        timestamp=row["inspected_at"].timestamp(),
        verdict=Verdict(row["verdict"]),
        defect_score=row["score"],
        threshold=row["threshold"],
        heatmap=heatmap,
        detections=detections,
        model_hashes=row.get("model_hashes") or {},
        error=row["error"],
    )


class DecisionList(QListWidget):
    """The queue; C, F and W decide (item views would otherwise take letters for type-ahead search)."""

    decision_key = Signal(str)
    KEYS: ClassVar[dict[Qt.Key, str]] = {
        Qt.Key.Key_C: "confirmed",
        Qt.Key.Key_F: "false_reject",
        Qt.Key.Key_W: "wrong_type",
    }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        decision = self.KEYS.get(Qt.Key(event.key()))
        if decision is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.decision_key.emit(decision)
            event.accept()
            return
        super().keyPressEvent(event)


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
    """Queue, filters, evidence and decisions; talks to the history store only."""

    decided = Signal(str, str)  # inspection uid, decision

    def __init__(
        self,
        store: HistoryStore,
        archive: ImageArchive,
        station_id: str,
        current_user: Callable[[], auth.User],
        defect_types: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.archive = archive
        self.station_id = station_id
        self.current_user = current_user
        self.defect_types = defect_types
        self.rows: list[dict[str, Any]] = []

        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("Pending"), "pending")
        self.status_box.addItem(self.tr("Confirmed"), "confirmed")
        self.status_box.addItem(self.tr("False reject"), "false_reject")
        self.status_box.addItem(self.tr("Wrong type"), "wrong_type")
        self.status_box.addItem(self.tr("All flagged"), None)
        self.shift_edit = QLineEdit()
        self.shift_edit.setPlaceholderText(self.tr("shift, e.g. 2026-11-21/A"))
        self.recipe_edit = QLineEdit()
        self.recipe_edit.setPlaceholderText(self.tr("recipe"))
        self.type_edit = QLineEdit()
        self.type_edit.setPlaceholderText(self.tr("defect type"))
        self.since = QDateEdit(QDate.currentDate().addDays(-7))
        self.since.setCalendarPopup(True)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        for edit in (self.shift_edit, self.recipe_edit, self.type_edit):
            edit.returnPressed.connect(self.reload)
        self.status_box.currentIndexChanged.connect(self.reload)
        self.since.dateChanged.connect(self.reload)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Status")))
        filters.addWidget(self.status_box)
        filters.addWidget(QLabel(self.tr("Since")))
        filters.addWidget(self.since)
        for edit in (self.shift_edit, self.recipe_edit, self.type_edit):
            filters.addWidget(edit)
        filters.addWidget(refresh)

        self.queue = DecisionList()
        self.queue.setObjectName("ReviewQueue")
        self.queue.decision_key.connect(self.decide)
        self.queue.currentRowChanged.connect(self._show)
        self.view = PartView()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason_box = QComboBox()
        for code in REASON_CODES:
            self.reason_box.addItem(code or self.tr("(no reason code)"), code or None)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("note (any language)"))
        buttons = QHBoxLayout()
        for text, decision in (
            (self.tr("&Confirmed defect  [C]"), "confirmed"),
            (self.tr("&False reject  [F]"), "false_reject"),
            (self.tr("&Wrong type…  [W]"), "wrong_type"),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
            buttons.addWidget(button)
        self.rates = QLabel()
        self.rates.setObjectName("ReviewRates")
        self.notice = QLabel()
        self.notice.setObjectName("ReviewNotice")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.details)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason_box)
        form.addRow(self.tr("Note"), self.note_edit)
        right_layout.addLayout(form)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.queue)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([360, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.rates)
        layout.addWidget(self.notice)

    # -- queue -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Ask the store again with the current filters; keep the selection on the same row index."""
        since = self.since.date().toPython()
        assert isinstance(since, dt.date)
        start = dt.datetime.combine(since, dt.time(0, 0)).astimezone()
        try:
            self.rows = self.store.review_queue(
                status=self.status_box.currentData(),
                start=start,
                shift=self.shift_edit.text().strip() or None,
                recipe=self.recipe_edit.text().strip() or None,
                defect_type=self.type_edit.text().strip() or None,
            )
            rates = self.store.review_rates(start=start)
        except HistoryError as exc:
            self.notice.setText(str(exc))
            return
        except Exception as exc:  # the database went away: say so, keep the window
            log.exception("review queue")
            self.notice.setText(self.tr("History database unreachable: {error}").format(error=str(exc)[:200]))
            return
        row_before = max(self.queue.currentRow(), 0)
        self.queue.blockSignals(True)
        self.queue.clear()
        for row in self.rows:
            when = row["inspected_at"].astimezone().strftime("%Y-%m-%d %H:%M:%S")
            label = row["defect_type"] or "—"  # classifier-only recipes name no type
            score = "-" if row["score"] is None else f"{row['score']:.3f}"
            text = f"{when}  {row['recipe']}  {label}  {score}  [{row['review']}]"
            QListWidgetItem(text, self.queue)
        self.queue.blockSignals(False)
        self._show_rates(rates)
        if self.rows:
            self.queue.setCurrentRow(min(row_before, len(self.rows) - 1))
            self._show(self.queue.currentRow())
        else:
            self.view.show_part(None, Inspection("", 0, 0.0, Verdict.OK))
            self.details.setText(self.tr("Nothing to review with these filters."))

    def _show_rates(self, rates: dict[str, Any]) -> None:
        parts = []
        for shift, r in rates.items():
            fr = "-" if r["false_reject_rate"] is None else f"{100 * r['false_reject_rate']:.1f} %"
            cd = "-" if r["confirmed_rate"] is None else f"{100 * r['confirmed_rate']:.1f} %"
            parts.append(
                self.tr("{shift}: false rejects {fr}, confirmed {cd}, pending {pending}").format(
                    shift=shift, fr=fr, cd=cd, pending=r["pending"]
                )
            )
        self.rates.setText("   |   ".join(parts) if parts else self.tr("No flagged parts in this period."))

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        image_file = self.archive.path(row["image_path"])
        image = cv2.imread(str(image_file), cv2.IMREAD_COLOR) if image_file is not None else None
        inspection = inspection_from_row(row, self.archive.heatmap(row["image_path"]))
        self.view.show_part(image, inspection)
        hashes = ", ".join(f"{k} {v[:12]}" for k, v in (row.get("model_hashes") or {}).items())
        missing = "" if image is not None else self.tr("  (image not kept or pruned)")
        self.details.setText(
            self.tr(
                "Score {score}  threshold {threshold}  recipe {recipe}  models {hashes}  station {station}{m}"
            ).format(
                score="-" if row["score"] is None else f"{row['score']:.3f}",
                threshold="-" if row["threshold"] is None else f"{row['threshold']:.3f}",
                recipe=row["recipe"],
                hashes=hashes or "-",
                station=row["station_id"],
                m=missing,
            )
        )

    # -- decisions -------------------------------------------------------------------------

    def decide(self, decision: str) -> bool:
        """Record a decision on the selected part and move to the next; False when refused."""
        index = self.queue.currentRow()
        if not 0 <= index < len(self.rows):
            return False
        user = self.current_user()
        try:
            user.require(auth.REVIEW, self.tr("Reviewing parts"))
        except auth.PermissionDenied as exc:
            self.notice.setText(str(exc))
            return False
        correct_type = None
        if decision == "wrong_type":
            types = self.defect_types()
            if types:
                correct_type, ok = QInputDialog.getItem(
                    self, self.tr("Wrong type"), self.tr("The right type"), types, 0, False
                )
            else:
                correct_type, ok = QInputDialog.getText(self, self.tr("Wrong type"), self.tr("The right type"))
            if not ok or not correct_type:
                return False
        row = self.rows[index]
        try:
            self.store.decide(
                row["uid"],
                decision,
                user.name,
                self.station_id,
                correct_type=correct_type,
                reason_code=self.reason_box.currentData(),
                note=self.note_edit.text().strip() or None,
            )
        except Exception as exc:
            log.exception("review decision")
            self.notice.setText(self.tr("Decision not saved: {error}").format(error=str(exc)[:200]))
            return False
        self.note_edit.clear()
        self.reason_box.setCurrentIndex(0)
        self.notice.setText(self.tr("Saved: {decision}").format(decision=decision.replace("_", " ")))
        self.decided.emit(row["uid"], decision)
        self.reload()
        return True
