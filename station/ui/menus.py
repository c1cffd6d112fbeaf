"""The menu bar, the station tool bar and the keyboard page, all made from one table of actions.

Every function of the window is one row of :meth:`MainMenus.table`: its menu, its words, its key
and what it does. The menus, the tool bar's buttons, the shortcuts and the Help > Keyboard page are
built from that table, so a key cannot be bound without being listed, nor listed without working.
Keys that only the review queue handles (C, F, W) are rows too; their menu entries call the same
decision, and the key is shown but bound by the queue itself.

Other modules add to the menus through ``MainMenus.menus[name]`` (``"view"`` takes the Language
submenu, see :meth:`MainMenus.add_view_submenu`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from station.ui.historyview import HistoryPanel


@dataclass(frozen=True)
class ActionSpec:
    """One function of the window: where it is, what it is called, its key, what it does."""

    menu: str  # a key of MainMenus.titles
    name: str  # object name of the QAction ("action_" + name)
    text: str  # translated
    key: str = ""  # portable QKeySequence text, "" for none
    run: Callable[[], object] | None = None  # None: a separator
    bound: bool = True  # False: the key is handled elsewhere (the review queue); the menu shows it
    toolbar: str = ""  # the button's word on the station tool bar ("": not on it)
    where: str = ""  # for the keyboard page: where the key works, when not everywhere


class MainMenus(QObject):
    """Builds the menu bar, the station tool bar's buttons and the keyboard page from :meth:`table`."""

    def __init__(self, window: Any, toolbar: QToolBar) -> None:  # the MainWindow (it imports this module)
        super().__init__(window)
        self.window = window
        self.menus: dict[str, QMenu] = {}
        self.actions: dict[str, QAction] = {}
        self.titles = self._titles()
        self.specs = self.table()
        bar = window.menuBar()
        for key, title in self.titles.items():
            menu = bar.addMenu(title)
            menu.setObjectName(f"menu_{key}")
            self.menus[key] = menu
        for spec in self.specs:
            menu = self.menus[spec.menu]
            if spec.run is None:
                menu.addSeparator()
                continue
            action = QAction(window)
            action.setObjectName("action_" + spec.name)
            if spec.key and spec.bound:
                action.setShortcut(QKeySequence(spec.key))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, run=spec.run: run())
            menu.addAction(action)
            window.addAction(action)  # the key works with the menu bar hidden (full screen) too
            self.actions[spec.name] = action
            if spec.toolbar:
                toolbar.addAction(action)
        self.docks_menu = self.menus["view"].addMenu("")
        for bar_ in window.findChildren(QToolBar):
            self.docks_menu.addAction(bar_.toggleViewAction())
        self.menus["view"].addSeparator()  # the Language submenu goes below (add_view_submenu)
        self.retranslate()
        window.installEventFilter(self)

    def _titles(self) -> dict[str, str]:
        return {
            "run": self.tr("&Run"),
            "review": self.tr("Re&view"),
            "reports": self.tr("Re&ports"),
            "savings": self.tr("&Savings"),
            "audit": self.tr("&Audit"),
            "model": self.tr("&Model"),
            "camera": self.tr("&Camera"),
            "view": self.tr("V&iew"),
            "help": self.tr("&Help"),
        }

    def retranslate(self) -> None:
        """The menus' words in the current language (at start, and after a language switch)."""
        self.titles, self.specs = self._titles(), self.table()
        for key, menu in self.menus.items():
            menu.setTitle(self.titles[key])
        for spec in self.specs:
            action = self.actions.get(spec.name)
            if action is None:
                continue
            text = spec.text
            if spec.key and not spec.bound:  # shown in the menu's key column, bound by the review queue
                text += "\t" + self.key_text(spec.key)
            action.setText(text)
            if spec.key:
                plain = spec.text.replace("&", "").rstrip("\u2026")
                action.setToolTip(f"{plain} ({self.key_text(spec.key)})")
            if spec.toolbar:
                action.setIconText(spec.toolbar)
        self.docks_menu.setTitle(self.tr("Panels and tool bars"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    @staticmethod
    def key_text(key: str) -> str:
        return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)

    def table(self) -> list[ActionSpec]:
        """Every function of the window, in menu order."""
        w, c = self.window, self.window.controls
        queue = self.tr("review queue (not in the note field)")
        return [
            ActionSpec(
                "run",
                "start",
                self.tr("&Start / stop inspection"),
                "Space",
                w.toggle_run,
            ),
            ActionSpec("run", "trigger", self.tr("Software &trigger (one picture)"), "T", w.fire_trigger),
            ActionSpec("run", "pause", self.tr("&Pause view / back to live"), "P", w.pause_button.toggle),
            ActionSpec("run", "sep1", ""),
            ActionSpec("run", "open_images", self.tr("Inspect &images\u2026"), "Ctrl+O", w.files.open_images),
            ActionSpec("run", "open_folder", self.tr("Inspect a &folder\u2026"), "Ctrl+Shift+O", w.files.open_folder),
            ActionSpec("run", "sep2", ""),
            ActionSpec(
                "run", "source_folder", self.tr("Source: folder of images\u2026"), "", lambda: c.browse_source("folder")
            ),
            ActionSpec(
                "run", "source_watch", self.tr("Source: watched folder\u2026"), "", lambda: c.browse_source("watch")
            ),
            ActionSpec(
                "run", "source_video", self.tr("Source: video file\u2026"), "", lambda: c.browse_source("video")
            ),
            ActionSpec("run", "sep3", ""),
            ActionSpec("run", "quit", self.tr("&Quit"), "", w.close),
            ActionSpec(
                "review", "review", self.tr("&Review queue"), "Ctrl+R", w.toggle_history, toolbar=self.tr("Review")
            ),
            ActionSpec("review", "sep4", ""),
            ActionSpec(
                "review",
                "confirm",
                self.tr("&Confirmed defect"),
                "C",
                lambda: self.decide("confirmed"),
                False,
                where=queue,
            ),
            ActionSpec(
                "review",
                "false_reject",
                self.tr("&False reject"),
                "F",
                lambda: self.decide("false_reject"),
                False,
                where=queue,
            ),
            ActionSpec(
                "review",
                "wrong_type",
                self.tr("&Wrong type\u2026"),
                "W",
                lambda: self.decide("wrong_type"),
                False,
                where=queue,
            ),
            ActionSpec(
                "reports",
                "report",
                self.tr("Shift &report"),
                "Ctrl+Shift+R",
                self.show_report,
                toolbar=self.tr("Report"),
            ),
            ActionSpec(
                "reports",
                "report_pdf",
                self.tr("Save shift report as &PDF\u2026"),
                "",
                lambda: self.on_panel(lambda p: p.save_report()),
            ),
            ActionSpec(
                "reports",
                "report_print",
                self.tr("P&rint shift report\u2026"),
                "Ctrl+P",
                lambda: self.on_panel(lambda p: p.print_report()),
            ),
            ActionSpec("reports", "report_csv", self.tr("Export shift as &CSV\u2026"), "", self.export_csv),
            ActionSpec(
                "savings",
                "savings",
                self.tr("&Savings estimate"),
                "",
                lambda: self.open_page(QCoreApplication.translate("HistoryPanel", "Savings"), lambda p: p.update_roi()),
            ),
            ActionSpec(
                "audit",
                "audit",
                self.tr("&Audit log"),
                "",
                lambda: self.open_page(
                    QCoreApplication.translate("HistoryPanel", "Audit log"), lambda p: p.reload_audit()
                ),
            ),
            ActionSpec("audit", "verify", self.tr("&Verify the audit chain"), "", self.verify_audit),
            ActionSpec(
                "model", "model", self.tr("&Model page\u2026"), "Ctrl+M", w.show_model_page, toolbar=self.tr("Model")
            ),
            ActionSpec("camera", "camera", self.tr("&Camera settings\u2026"), "", w.edit_camera_settings),
            ActionSpec("view", "heatmap", self.tr("&Heatmap on / off"), "H", w.heat_box.toggle),
            ActionSpec("view", "boxes", self.tr("&Boxes on / off"), "B", w.boxes_box.toggle),
            ActionSpec("view", "fullscreen", self.tr("&Full screen"), "F11", w.toggle_fullscreen),
            ActionSpec("view", "sep5", ""),
            ActionSpec("help", "keys", self.tr("&Keyboard shortcuts"), "F1", self.show_keys, toolbar=self.tr("Keys")),
        ]

    def add_view_submenu(self, title: str) -> QMenu:
        """A submenu at the end of View (the place for Language)."""
        return self.menus["view"].addMenu(title)

    # -- what the rows do ------------------------------------------------------------------

    def decide(self, decision: str) -> None:
        panel = self.window.history_panel
        if panel is not None and self.window.history_dock is not None and self.window.history_dock.isVisible():
            panel.review.decide(decision)
        else:
            self.window.notify(self.tr("Open the review queue first (Ctrl+R)"))

    def on_panel(self, work: Callable[[HistoryPanel], object]) -> None:
        """Run ``work`` on the review and reports panel, or say why there is none yet."""
        panel = self.window.history_panel
        if panel is None:
            self.window.toggle_history()  # says why (the history database is unreachable or still connecting)
            return
        work(panel)

    def open_page(self, title: str, then: Callable[[HistoryPanel], object] | None = None) -> None:
        """Show the review and reports dock on its page titled ``title`` (translated as the panel's own tabs)."""
        panel, dock = self.window.history_panel, self.window.history_dock
        if panel is None or dock is None:
            self.window.toggle_history()
            return
        if not dock.isVisible():
            self.window.toggle_history()
        for index in range(panel.tabs.count()):
            if panel.tabs.tabText(index) == title:
                panel.tabs.setCurrentIndex(index)
        dock.raise_()
        if then is not None:
            then(panel)

    def show_report(self) -> None:
        self.open_page(QCoreApplication.translate("HistoryPanel", "Shift report"), lambda p: p.preview_report())

    def export_csv(self) -> None:
        """The selected shift's parts as CSV, written on a worker."""
        panel = self.window.history_panel
        if panel is None:
            self.window.toggle_history()
            return
        shift = panel.selected_shift()
        name = f"shift-{shift.label.replace('/', '_')}.csv"
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export shift as CSV"), name, "CSV (*.csv)")
        if not path:
            return
        from station.reports.csvexport import write_csv

        store, station = panel.store, self.window.config.station_id
        self.window.background.submit(
            "csv export",
            lambda: write_csv(store, shift.start, shift.end, Path(path), station),
            lambda n: self.window.notify(self.tr("{n} parts written to {file}").format(n=n, file=path)),
            lambda error: self.window.notify(self.tr("CSV not written: {error}").format(error=error[:200])),
        )

    def verify_audit(self) -> None:
        """Check the audit chain on a worker; the answer in a non-modal box (it may say the log was changed)."""
        panel = self.window.history_panel
        if panel is None:
            self.window.toggle_history()
            return
        store = panel.store

        def done(check: object) -> None:
            ok = bool(getattr(check, "ok", False))
            rows = int(getattr(check, "rows", 0))
            problems = "; ".join(getattr(check, "problems", ()))
            text = (
                self.tr("Audit log intact: {n} entries, chain and append-only triggers checked").format(n=rows)
                if ok
                else self.tr("Audit log NOT intact ({n} entries): {problems}").format(n=rows, problems=problems)
            )
            box = QMessageBox(
                QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning, self.tr("Audit log"), text
            )
            box.setObjectName("audit_check")
            box.setParent(self.window, box.windowFlags())
            box.setModal(False)
            box.show()
            self.window.notify(text)

        self.window.background.submit(
            "audit check",
            store.verify_audit,
            done,
            lambda error: self.window.notify(self.tr("Audit check failed: {error}").format(error=error[:200])),
        )

    def show_keys(self) -> None:
        dialog = KeysDialog(self.rows(), self.window)
        dialog.show()

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(menu, function, key, where) for every row with a key: what the keyboard page and README list."""
        everywhere = self.tr("main window")
        out = []
        for spec in self.specs:
            if spec.key and spec.run is not None:
                menu = self.titles[spec.menu].replace("&", "")
                text = spec.text.replace("&", "").rstrip("\u2026")
                out.append((menu, text, self.key_text(spec.key), spec.where or everywhere))
        return out


class KeysDialog(QDialog):
    """Help > Keyboard shortcuts: the table the menus are built from, so it lists every key there is."""

    def __init__(self, rows: list[tuple[str, str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keys_dialog")
        self.setModal(False)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(rows), 4)
        self.table.setObjectName("keys_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Key"), self.tr("Function"), self.tr("Menu"), self.tr("Works in")]
        )
        for r, (menu, text, key, where) in enumerate(rows):
            for col, value in enumerate((key, text, menu, where)):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, col, item)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 560)
