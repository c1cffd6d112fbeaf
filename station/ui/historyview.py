"""History in the app: sign-in, the review queue, the audit log, shift reports and the savings estimate.

Quick questions a person asks with a click or a key (sign-in, a review
decision, the audit page) talk to the history store directly. Report work goes
to a worker: the preview, the report written at the end of each shift, and the
savings estimate, which follows the inputs once they rest for a moment (not on
every keystroke). The live view never waits on a database.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.core.config import RoiSettings, StationConfig
from station.core.paths import user_data_dir
from station.core.shifts import ShiftWindow
from station.history import auth
from station.history.archive import ImageArchive
from station.history.store import HistoryError, HistoryStore
from station.reports.pdf import render_pdf
from station.reports.shiftdata import Roi, gather
from station.ui.language import current_code, date_time, number
from station.ui.localeformat import date_format
from station.ui.partview import bgr_to_qimage
from station.ui.review import LoginDialog, ReviewPanel
from station.ui.workers import Workers

log = logging.getLogger(__name__)


def pdf_pages(path: Path, dpi: int = 110) -> list[QImage]:
    """The PDF's pages as images (pypdfium2 renders BGR pixels; no Pillow, which the bundle leaves out)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return [bgr_to_qimage(page.render(scale=dpi / 72.0).to_numpy()) for page in document]
    finally:
        document.close()


def page_sheet(pages: list[QImage]) -> QImage | None:
    """The pages one under the other on a grey sheet, as the preview shows them."""
    if not pages:
        return None
    width = max(p.width() for p in pages)
    sheet = QImage(width, sum(p.height() + 12 for p in pages), QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.darkGray)
    painter = QPainter(sheet)
    y = 0
    for page in pages:
        painter.drawImage(0, y, page)
        y += page.height() + 12
    painter.end()
    return sheet


class HistoryPanel(QWidget):
    """The QA lead's and supervisor's side of the station."""

    userChanged = Signal(str)  # user name ("operator" when signed out)

    def __init__(
        self,
        store: HistoryStore,
        config: StationConfig,
        defect_types: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.config = config
        self.workers = Workers(threads=1, parent=self)  # the shift-end report and the savings estimate
        self._roi_rest = QTimer(self)  # the estimate follows the inputs once they rest, not every keystroke
        self._roi_rest.setSingleShot(True)
        self._roi_rest.setInterval(400)
        self._roi_rest.timeout.connect(self.update_roi)
        self.user: auth.User = auth.OPERATOR
        self.archive = ImageArchive((config.history.data_dir or user_data_dir()) / "images")
        self.user_label = QLabel()
        self.user_label.setObjectName("SignedInUser")
        self.sign_in = QPushButton(self.tr("Sign in…"))
        self.sign_in.clicked.connect(self.ask_login)
        self.sign_out = QPushButton(self.tr("Sign out"))
        self.sign_out.clicked.connect(self.logout)
        top = QHBoxLayout()
        top.addWidget(self.user_label, 1)
        top.addWidget(self.sign_in)
        top.addWidget(self.sign_out)

        self.review = ReviewPanel(
            store,
            self.archive,
            config.station_id,
            lambda: self.user,
            defect_types,
            calendar=config.calendar,
            ok_sample_every=config.history.ok_sample_every,
        )
        self.audit_table = QTableWidget(0, 6)
        self.audit_table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("Station"), self.tr("Action"), self.tr("Old"), self.tr("New")]
        )
        self.audit_table.horizontalHeader().setStretchLastSection(True)
        audit_page = QWidget()
        audit_layout = QVBoxLayout(audit_page)
        refresh_audit = QPushButton(self.tr("Refresh"))
        refresh_audit.clicked.connect(self.reload_audit)
        audit_layout.addWidget(refresh_audit, 0, Qt.AlignmentFlag.AlignLeft)
        audit_layout.addWidget(self.audit_table)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.review, self.tr("Review"))
        self.tabs.addTab(self._report_page(), self.tr("Shift report"))
        self.tabs.addTab(self._roi_page(), self.tr("Savings"))
        self.tabs.addTab(audit_page, self.tr("Audit log"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._show_user()

        self._last_shift: ShiftWindow | None = config.calendar.shift_at(dt.datetime.now(dt.UTC))
        self.auto_timer = QTimer(self)
        self.auto_timer.timeout.connect(self.check_shift_end)
        if config.reports.auto_at_shift_end:
            self.auto_timer.start(60_000)

    # -- people --------------------------------------------------------------------------

    def role_name(self, role: auth.Role) -> str:
        """A role in the app's language (English keeps the names the CLI and the settings use)."""
        key = role.name.lower()
        names = {"operator": self.tr("operator"), "qa": self.tr("qa"), "supervisor": self.tr("supervisor")}
        names["admin"] = self.tr("admin")
        return names.get(key, key)

    def _show_user(self) -> None:
        role = self.role_name(self.user.role)
        self.user_label.setText(self.tr("Signed in: {name} ({role})").format(name=self.user.name, role=role))
        self.sign_out.setEnabled(self.user is not auth.OPERATOR)
        self.review.notice.clear()  # a refusal said to the previous user is not this user's

    def ask_login(self) -> bool:
        dialog = LoginDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.login(dialog.name.text().strip(), dialog.pin.text())

    def login(self, name: str, pin: str) -> bool:
        try:
            policy = auth.PinPolicy.from_settings(self.config.history)
            self.user = auth.login(self.store, name, pin, self.config.station_id, policy)
        except HistoryError as exc:
            self.review.notice.setText(str(exc))
            return False
        self._show_user()
        self.userChanged.emit(self.user.name)
        return True

    def logout(self) -> None:
        self.user = auth.OPERATOR
        self._show_user()
        self.userChanged.emit(self.user.name)

    def require(self, needed: auth.Role, what: str) -> auth.User | None:
        """The signed-in user if allowed; otherwise ask for a sign-in once; None when still not allowed."""
        if self.user.role >= needed or (self.ask_login() and self.user.role >= needed):
            return self.user
        self.review.notice.setText(
            self.tr("{what} needs the {role} role or above").format(what=what, role=self.role_name(needed))
        )
        return None

    def audit(self, action: str, target: str, old: object, new: object) -> None:
        """Record a change made in the app; a database that is away is logged, not fatal."""
        try:
            self.store.audit(self.user.name, self.config.station_id, action, target, old, new)
        except Exception:
            log.exception("cannot write the audit log (%s %s %s -> %s)", action, target, old, new)

    # -- audit page ---------------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.review:
            self.review.reload()
        elif index == self.tabs.count() - 1:
            self.reload_audit()

    def reload_audit(self) -> None:
        try:
            rows = self.store.audit_log(dt.datetime.now(dt.UTC) - dt.timedelta(days=31))
        except Exception as exc:
            self.review.notice.setText(self.tr("History database unreachable: {error}").format(error=str(exc)[:200]))
            return
        rows = rows[-500:][::-1]
        self.audit_table.setRowCount(len(rows))
        for r, entry in enumerate(rows):
            when = date_time(entry["at"])
            values = [when, entry["user"], entry["station_id"], f"{entry['action']} {entry['target'] or ''}"]
            values += [entry["old_value"] or "", entry["new_value"] or ""]
            for c, value in enumerate(values):
                self.audit_table.setItem(r, c, QTableWidgetItem(str(value)))

    # -- shift report ----------------------------------------------------------------------

    def _report_page(self) -> QWidget:
        page = QWidget()
        self.report_day = QDateEdit(QDate.currentDate())
        self.report_day.setCalendarPopup(True)
        self.report_day.setDisplayFormat(date_format())  # the locale's order, with a four-digit year
        self.report_shift = QComboBox()
        for shift in self.config.calendar.shifts:
            self.report_shift.addItem(f"{shift.name}  {shift.start}–{shift.end}", shift.name)
        preview = QPushButton(self.tr("Preview"))
        preview.clicked.connect(self.preview_report)
        save = QPushButton(self.tr("Save PDF…"))
        save.clicked.connect(self.save_report)
        print_button = QPushButton(self.tr("Print…"))
        print_button.clicked.connect(self.print_report)
        bar = QHBoxLayout()
        for widget in (QLabel(self.tr("Day")), self.report_day, QLabel(self.tr("Shift")), self.report_shift):
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in (preview, save, print_button):
            bar.addWidget(button)
        self.report_status = QLabel()
        self.report_pages = QLabel()
        self.report_pages.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.report_pages)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.report_status)
        layout.addWidget(scroll, 1)
        return page

    def selected_shift(self) -> ShiftWindow:
        day = self.report_day.date().toPython()
        assert isinstance(day, dt.date)
        return self.config.calendar.window(day, str(self.report_shift.currentData()))

    def write_report(self, window: ShiftWindow, out: Path) -> Path | None:
        """Render the shift's report to ``out``; None (and a message) when it cannot be made."""
        try:
            data = gather(self.store, window, self.config.plant, roi=self.roi_settings())
            page_size, zone = self.config.reports.page_size, self.config.calendar.zone
            render_pdf(data, out, self.archive, page_size, zone, current_code())
        except Exception as exc:
            log.exception("shift report %s", window.label)
            self.report_status.setText(self.tr("Report not made: {error}").format(error=str(exc)[:200]))
            return None
        self._show_report_made(window, data.stats, out)
        return out

    def _show_report_made(self, window: ShiftWindow, stats: Any, out: Path) -> None:
        self.report_status.setText(
            self.tr("{shift}: {n} inspected, {ng} NG, {pending} pending review — {file}").format(
                shift=window.label, n=stats.inspections, ng=stats.ng, pending=stats.pending_review, file=out
            )
        )

    def preview_report(self) -> Path:
        """Write the selected shift's report and show its pages, on a worker; returns the file it goes to."""
        window = self.selected_shift()
        out = Path(tempfile.gettempdir()) / f"station-report-{window.label.replace('/', '_')}.pdf"
        store, plant, roi = self.store, self.config.plant, self.roi_settings()
        page_size, zone, language = self.config.reports.page_size, self.config.calendar.zone, current_code()

        def work() -> tuple[Any, QImage | None]:
            data = gather(store, window, plant, roi=roi)
            render_pdf(data, out, self.archive, page_size, zone, language)
            return data.stats, page_sheet(pdf_pages(out, dpi=80))  # QImages may be painted off the UI thread

        def done(result: tuple[Any, QImage | None]) -> None:
            stats, sheet = result
            self._show_report_made(window, stats, out)
            if sheet is not None:
                self.report_pages.setPixmap(QPixmap.fromImage(sheet))

        def failed(error: str) -> None:
            self.report_status.setText(self.tr("Report not made: {error}").format(error=error[:200]))

        self.report_status.setText(self.tr("Making the report of shift {shift}\u2026").format(shift=window.label))
        self.workers.submit(f"report preview {window.label}", work, done, failed)
        return out

    def save_report(self) -> None:
        window = self.selected_shift()
        name = f"shift-report-{window.label.replace('/', '_')}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save shift report"), name, "PDF (*.pdf)")
        if path:
            self.write_report(window, Path(path))

    def print_report(self) -> None:
        """Print the selected shift's report (written here: the print dialog waits for a person anyway)."""
        window = self.selected_shift()
        out = Path(tempfile.gettempdir()) / f"station-report-{window.label.replace('/', '_')}.pdf"
        if self.write_report(window, out) is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        painter = QPainter(printer)
        try:
            for number, page in enumerate(pdf_pages(out, dpi=200)):
                if number:
                    printer.newPage()
                target = painter.viewport()
                scaled = page.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(0, 0, page.scaled(scaled, mode=Qt.TransformationMode.SmoothTransformation))
        finally:
            painter.end()

    def reports_folder(self) -> Path:
        return self.config.reports.folder or user_data_dir() / "reports"

    def check_shift_end(self, now: dt.datetime | None = None) -> Path | None:
        """Called each minute: when a shift has ended since the last call, write its report on a worker.

        Returns the file it is being written to (None when no shift ended); ``report_status`` says when it is done.
        """
        now = now or dt.datetime.now(dt.UTC)
        ended = self._last_shift
        self._last_shift = self.config.calendar.shift_at(now)
        if ended is None or now < ended.end:
            return None
        out = self.reports_folder() / f"shift-report-{ended.label.replace('/', '_')}.pdf"
        store, plant, roi = self.store, self.config.plant, self.roi_settings()
        page_size, zone, language = self.config.reports.page_size, self.config.calendar.zone, current_code()

        def work() -> object:
            data = gather(store, ended, plant, roi=roi)
            out.parent.mkdir(parents=True, exist_ok=True)
            render_pdf(data, out, self.archive, page_size, zone, language)
            return data.stats

        def done(stats: object) -> None:
            log.info("wrote the report of shift %s to %s", ended.label, out)
            self._show_report_made(ended, stats, out)

        def failed(error: str) -> None:
            self.report_status.setText(self.tr("Report not made: {error}").format(error=error[:200]))

        self.report_status.setText(self.tr("Writing the report of shift {shift}\u2026").format(shift=ended.label))
        self.workers.submit(f"shift report {ended.label}", work, done, failed)
        return out

    # -- savings -------------------------------------------------------------------------------

    def _roi_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.roi_inputs: dict[str, QDoubleSpinBox] = {}
        labels = {
            "part_value": self.tr("Value of a good part"),
            "escaped_defect_cost": self.tr("Cost of an escaped defect"),
            "false_reject_cost": self.tr("Cost of a false reject"),
            "manual_miss_rate": self.tr("Share of defects a manual inspector misses"),
            "inspector_cost_per_hour": self.tr("Inspector cost per hour"),
            "inspectors_replaced": self.tr("Inspectors freed per shift"),
            "system_cost": self.tr("System cost"),
            "shifts_per_month": self.tr("Shifts per month"),
        }
        roi = self.config.roi
        for key, label in labels.items():
            box = QDoubleSpinBox()
            box.setRange(0.0, 1.0 if key == "manual_miss_rate" else 1e9)
            box.setDecimals(3 if key == "manual_miss_rate" else 2)
            box.setValue(float(getattr(roi, key)))
            box.valueChanged.connect(self._roi_rest.start)
            self.roi_inputs[key] = box
            form.addRow(label, box)
        self.roi_result = QLabel()
        self.roi_result.setWordWrap(True)
        self.roi_result.setObjectName("RoiResult")
        formula = QLabel()
        formula.setWordWrap(True)
        formula.setText(self.tr("Formula: {formula}").format(formula=Roi.formula))
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        button = QPushButton(self.tr("Estimate for the selected shift"))
        button.clicked.connect(self.update_roi)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.roi_result)
        layout.addWidget(formula)
        layout.addStretch(1)
        return page

    def roi_settings(self) -> RoiSettings:
        values = {key: box.value() for key, box in self.roi_inputs.items()}
        return self.config.roi.model_copy(update=values)

    def update_roi(self) -> None:
        """The estimate the shift's report would print, with the inputs as set here (asked on a worker)."""
        window, store, plant, roi_inputs = self.selected_shift(), self.store, self.config.plant, self.roi_settings()
        self.roi_result.setText(self.tr("Estimating\u2026"))
        self.workers.submit(
            "savings estimate",
            lambda: gather(store, window, plant, roi=roi_inputs, top=0),
            lambda data: self._show_roi(window, data),
            lambda error: self.roi_result.setText(
                self.tr("History database unreachable: {error}").format(error=error[:200])
            ),
        )

    def _show_roi(self, window: ShiftWindow, data: Any) -> None:
        roi = data.roi
        assert roi is not None
        currency = self.config.roi.currency
        payback = number(roi.payback_months, 1)
        self.roi_result.setText(
            self.tr(
                "{shift}: {n} parts, {ng} NG. Savings per shift {shift_value} {c}, per month {month} {c}; "
                "payback {payback} months."
            ).format(
                shift=window.label,
                n=data.stats.inspections,
                ng=data.stats.ng,
                shift_value=number(roi.per_shift, 0),
                month=number(roi.per_month, 0),
                c=currency,
                payback=payback,
            )
        )
