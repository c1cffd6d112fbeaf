"""Retranslating open windows in place when the language changes, without re-creating them.

Every text the station shows was made by ``tr()`` (then often ``.format``); the
recording translator remembers which template each came from. After a switch,
each widget's texts are matched back to their templates (a template with fields
becomes a pattern; the values in the fields are retranslated too, so
``Source: running`` becomes ``소스: 작동 중``) and set again in the new language.
Texts that came from no catalogue (a file name, a recipe, a number) match nothing
and stay as they are. Texts a window draws from data (the verdict banner) are
drawn again by ``language.redraw``; the timers redraw the rest within a second.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QSpinBox,
    QStatusBar,
    QTabBar,
    QTableWidget,
    QWidget,
)

from station.ui.localeformat import date_format

# Pieces several texts are joined with (the status bar, the source state): each piece is matched alone.
SEPARATORS = ("\n", "   |   ", " \u00b7 ", " \u2014 ", "; ", "  ")
_EDGES = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)

Key = tuple[str, str, str | None, int]
Keys = list[Key]


class Retranslator:
    """Maps texts shown in the old language back to their (context, source) and forward to the new one."""

    def __init__(
        self, seen: dict[str, Keys], station: Callable[[str, str, str | None, int], str | None] | None = None
    ) -> None:
        """``station`` looks a key up in the station's own catalogue of the new language: its words win.

        Qt asks for the same English in contexts of its own (``QShortcut`` names the keys "New" and
        "Refresh"), and its catalogue says them differently from the station's.
        """
        self.station = station
        self.static: dict[str, Keys] = {}
        patterns: list[tuple[int, re.Pattern[str], list[str], Keys]] = []
        for shown, key in seen.items():
            parsed = list(string.Formatter().parse(shown)) if "{" in shown else []
            fields = [field for _, field, _, _ in parsed if field is not None]
            if not fields:
                self.static[shown] = key
                continue
            literal = "".join(text for text, *_ in parsed)
            if not literal.strip():
                continue  # a template of fields only would match anything
            regex = "".join(re.escape(text) + ("(.*?)" if field is not None else "") for text, field, *_ in parsed)
            patterns.append((len(literal), re.compile(regex, re.DOTALL), fields, key))
        patterns.sort(key=lambda p: -p[0])  # the most specific template first
        self.patterns = [(regex, fields, key) for _, regex, fields, key in patterns]

    def _now(self, keys: Keys, shown: str) -> str:
        """The first of the texts ``shown`` came from that the new language translates (``shown`` is old)."""
        station = self.station
        if station is not None:  # the station's own keys first, in their order (the sort is stable)
            keys = sorted(keys, key=lambda k: not station(*k))
        first = ""
        for context, source, disambiguation, n in keys:
            text = QCoreApplication.translate(context, source, disambiguation, n)
            if text != source:
                return text
            first = first or text
        return first or shown

    def text(self, shown: str, depth: int = 0) -> str:
        """``shown`` in the language now in force, or ``shown`` itself when no catalogue made it."""
        if not shown or depth > 3 or not any(c.isalpha() for c in shown):
            return shown
        keys = self.static.get(shown)
        if keys is not None:
            return self._now(keys, shown)
        for regex, fields, key in self.patterns:
            match = regex.fullmatch(shown)
            if match is None:
                continue
            values: dict[str, str] = {}
            for field, value in zip(fields, match.groups(), strict=True):
                values.setdefault(field, self.text(value, depth + 1))
            template = self._now(key, shown)
            out: list[str] = []
            for literal, name, _spec, _conversion in string.Formatter().parse(template):
                out.append(literal)
                if name is not None:
                    out.append(values.get(name, "{" + name + "}"))
            return "".join(out)
        edges = _EDGES.match(shown)
        if edges is not None and (edges.group(1) or edges.group(3)):
            return edges.group(1) + self.text(edges.group(2), depth) + edges.group(3)
        for separator in SEPARATORS:
            if separator in shown:
                pieces = shown.split(separator)
                again = [self.text(piece, depth + 1) for piece in pieces]
                if again != pieces:
                    return separator.join(again)
        return shown


def _actions(action: QAction, tr: Callable[[str], str]) -> None:
    text = action.text()
    tip = action.toolTip()
    new = tr(text)
    if new != text:
        action.setText(new)
    if tip and tip != text.replace("&", "") and tr(tip) != tip:  # a tooltip of its own, not the text's echo
        action.setToolTip(tr(tip))
    menu = action.menu()
    if isinstance(menu, QMenu):
        menu.setTitle(tr(menu.title()))
        for child in menu.actions():
            _actions(child, tr)


def _set(getter: Callable[[], str], setter: Callable[[str], None], tr: Callable[[str], str]) -> None:
    old = getter()
    new = tr(old)
    if new != old:
        setter(new)


def _one(widget: QWidget, tr: Callable[[str], str]) -> None:
    _set(widget.windowTitle, widget.setWindowTitle, tr)
    _set(widget.toolTip, widget.setToolTip, tr)
    _set(widget.statusTip, widget.setStatusTip, tr)
    if isinstance(widget, QLabel | QAbstractButton):
        _set(widget.text, widget.setText, tr)
    elif isinstance(widget, QLineEdit):
        _set(widget.placeholderText, widget.setPlaceholderText, tr)
    elif isinstance(widget, QGroupBox | QMenu):
        _set(widget.title, widget.setTitle, tr)
    elif isinstance(widget, QStatusBar) and widget.currentMessage():
        _set(widget.currentMessage, lambda text: widget.showMessage(text, 10_000), tr)
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            new = tr(widget.itemText(i))
            if new != widget.itemText(i):
                widget.setItemText(i, new)
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            if tr(widget.tabText(i)) != widget.tabText(i):
                widget.setTabText(i, tr(widget.tabText(i)))
            if widget.tabToolTip(i) and tr(widget.tabToolTip(i)) != widget.tabToolTip(i):
                widget.setTabToolTip(i, tr(widget.tabToolTip(i)))
    elif isinstance(widget, QAbstractSpinBox):
        _set(widget.specialValueText, widget.setSpecialValueText, tr)
        if isinstance(widget, QDateEdit):  # a date field keeps the format of its first locale unless told
            widget.setDisplayFormat(date_format())
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            _set(widget.suffix, widget.setSuffix, tr)
            _set(widget.prefix, widget.setPrefix, tr)
    elif isinstance(widget, QTableWidget):
        headers = [widget.horizontalHeaderItem(i) for i in range(widget.columnCount())]
        headers += [widget.verticalHeaderItem(i) for i in range(widget.rowCount())]
        for header in headers:
            if header is not None:
                _set(header.text, header.setText, tr)
    elif isinstance(widget, QListWidget):
        for i in range(widget.count()):
            entry = widget.item(i)
            _set(entry.text, entry.setText, tr)
            _set(entry.toolTip, entry.setToolTip, tr)
    elif isinstance(widget, QGraphicsView) and widget.scene() is not None:
        _graphics(widget, tr)


def _graphics(view: QGraphicsView, tr: Callable[[str], str]) -> None:
    """pyqtgraph's titles and axis labels live in the scene, not in widgets."""
    import pyqtgraph as pg

    for item in view.scene().items():
        if isinstance(item, pg.LabelItem) and isinstance(item.text, str) and tr(item.text) != item.text:
            item.setText(tr(item.text))
        elif isinstance(item, pg.AxisItem) and item.labelText and tr(item.labelText) != item.labelText:
            item.setLabel(tr(item.labelText))


def retranslate_widget(root: QWidget, tr: Callable[[str], str]) -> None:
    """Every text of ``root`` and of the widgets and actions inside it, through ``tr``."""
    done: set[QAction] = set()  # the wrappers themselves (kept alive here), not ids that could be reused
    actions: list[QAction] = []
    for widget in [root, *root.findChildren(QWidget)]:
        _one(widget, tr)
        actions += widget.actions()
    for action in [*actions, *root.findChildren(QAction)]:
        if action not in done:
            done.add(action)
            _actions(action, tr)
