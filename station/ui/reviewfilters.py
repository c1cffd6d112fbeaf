"""The review's filters: period (shifts of the station's calendar), recipe, defect type, verdict, decision, who.

Only widgets: the query they describe (a :class:`ReviewFilter`) is run by the panel on a worker,
and the recipes, defect types and people offered come from the history of the period.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QPushButton, QWidget

from station.core.shifts import ShiftCalendar
from station.history.reviewqueue import ReviewFilter

PERIODS = ("current_shift", "previous_shift", "today", "days_7", "days_30", "chosen_shift")


class ReviewFilters(QWidget):
    """Two short rows of drop-downs, so the dock stays narrow and the parts keep the height; each first item
    says "any"."""

    changed = Signal()

    def __init__(self, calendar: ShiftCalendar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calendar = calendar
        self.period = QComboBox()
        names = {
            "current_shift": self.tr("Current shift"),
            "previous_shift": self.tr("Previous shift"),
            "today": self.tr("Today"),
            "days_7": self.tr("Last 7 days"),
            "days_30": self.tr("Last 30 days"),
            "chosen_shift": self.tr("A shift on a day…"),
        }
        for key in PERIODS:
            self.period.addItem(names[key], key)
        self.period.setCurrentIndex(PERIODS.index("days_7"))
        self.period.setToolTip(self.tr("Which parts: by the shifts of the station's calendar"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.shift = QComboBox()
        for spec in calendar.shifts:
            self.shift.addItem(f"{spec.name}  {spec.start}–{spec.end}", spec.name)
        self.recipe = self._choice(self.tr("All recipes"), self.tr("Recipe"))
        self.defect = self._choice(self.tr("All defect types"), self.tr("Defect type (the most confident box)"))
        self.who = self._choice(self.tr("Decided by anyone"), self.tr("Who decided"))
        self.verdict = QComboBox()
        self.verdict.addItem(self.tr("Flagged parts"), "NG")
        self.verdict.addItem(self.tr("OK parts (a sample)"), "OK")
        self.verdict.addItem(self.tr("Flagged and OK (sample)"), None)
        self.verdict.setToolTip(self.tr("OK parts: only those the station kept a picture of (a sample)"))
        self.status = QComboBox()
        statuses: list[tuple[str, str | None]] = [
            (self.tr("Undecided"), "undecided"),
            (self.tr("Decided"), "decided"),
            (self.tr("Confirmed defects"), "confirmed"),
            (self.tr("False rejects"), "false_reject"),
            (self.tr("Wrong type"), "wrong_type"),
            (self.tr("Decided or not"), None),
        ]
        for label, state in statuses:
            self.status.addItem(label, state)
        self.refresh = QPushButton("\u27f3")
        self.refresh.setToolTip(self.tr("Ask again (new parts since)"))
        self.refresh.clicked.connect(self.changed)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        when = QHBoxLayout()  # the period, and the day and shift when one is chosen
        when.setContentsMargins(0, 0, 0, 0)
        for widget in (self.period, self.day, self.shift):
            when.addWidget(widget, 1)
        layout.addLayout(when, 0, 0)
        layout.addWidget(self.verdict, 0, 1)
        layout.addWidget(self.status, 0, 2)
        layout.addWidget(self.refresh, 0, 3)
        layout.addWidget(self.recipe, 1, 0)
        layout.addWidget(self.defect, 1, 1)
        layout.addWidget(self.who, 1, 2, 1, 2)
        for column in range(3):
            layout.setColumnStretch(column, 1)
        self.refresh.setMaximumWidth(self.refresh.fontMetrics().horizontalAdvance("\u27f3") + 24)
        for box in (self.period, self.shift, self.recipe, self.defect, self.who, self.verdict, self.status):
            box.currentIndexChanged.connect(self._changed)
            box.setMinimumContentsLength(6)  # long names are cut, not a dock widened past the screen
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.day.dateChanged.connect(self._changed)
        self._show_period_fields()

    def _choice(self, anything: str, tip: str) -> QComboBox:
        box = QComboBox()
        box.addItem(anything, None)
        box.setToolTip(tip)
        return box

    def _changed(self) -> None:
        self._show_period_fields()
        self.status.setEnabled(self.verdict.currentData() != "OK")  # OK parts take no decision
        self.changed.emit()

    def _show_period_fields(self) -> None:
        chosen = self.period.currentData() == "chosen_shift"
        self.day.setVisible(chosen)
        self.shift.setVisible(chosen)

    def period_window(self, now: dt.datetime | None = None) -> tuple[dt.datetime | None, dt.datetime | None]:
        """[start, end) of the chosen period in UTC (None: open-ended)."""
        now = now or dt.datetime.now(dt.UTC)
        key = self.period.currentData()
        if key in ("current_shift", "previous_shift"):
            current = self.calendar.shift_at(now)
            if key == "previous_shift":
                before = current.start if current is not None else now
                current = self.calendar.shift_at(before - dt.timedelta(microseconds=1))
            return (current.start, current.end) if current is not None else (now, now)
        if key == "today":
            local = now.astimezone(self.calendar.zone).date()
            start = dt.datetime.combine(local, dt.time(0, 0), tzinfo=self.calendar.zone).astimezone(dt.UTC)
            return start, start + dt.timedelta(days=1)
        if key == "chosen_shift":
            day = self.day.date().toPython()
            assert isinstance(day, dt.date)
            chosen = self.calendar.window(day, str(self.shift.currentData()))
            return chosen.start, chosen.end
        days = 30 if key == "days_30" else 7
        return now - dt.timedelta(days=days), None

    def current(self) -> ReviewFilter:
        start, end = self.period_window()
        verdict = self.verdict.currentData()
        return ReviewFilter(
            start=start,
            end=end,
            verdict=verdict,
            status=None if verdict == "OK" else self.status.currentData(),
            recipe=self.recipe.currentData(),
            defect_type=self.defect.currentData(),
            decided_by=self.who.currentData(),
        )

    def includes_ok(self) -> bool:
        return bool(self.verdict.currentData() != "NG")

    def set_choices(self, choices: dict[str, list[str]]) -> None:
        """Offer what the period holds; a value chosen before stays chosen (and offered)."""
        for box, key in ((self.recipe, "recipes"), (self.defect, "defect_types"), (self.who, "users")):
            chosen = box.currentData()
            values = list(choices.get(key, []))
            if chosen is not None and chosen not in values:
                values.append(chosen)
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for value in values:
                box.addItem(value, value)
            box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
            box.blockSignals(False)
