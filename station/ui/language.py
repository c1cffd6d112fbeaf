"""The app's language: Qt's and the station's catalogues, the locale for numbers and dates, and a live switch.

One language is in force at a time (``en``, ``ko``, ``ru``): ``language`` in station.yaml,
else the system's language when the station speaks it, else English. Switching in the
app installs the other catalogues, sets the locale, retranslates every open window in
place (see ``station.ui.retranslate``: the run goes on, nothing is re-created) and
writes the choice back to station.yaml.

Numbers, dates and times shown by the app go through ``number``, ``percent`` and
``date_time`` so a threshold box, the banner and the review list agree (``0,220`` in
Russian everywhere, never ``0,2204`` beside ``0.220``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLibraryInfo, QLocale, QObject, QTime, QTranslator, Signal
from PySide6.QtGui import QAction, QActionGroup, QFontDatabase
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from station.core.paths import resources_dir
from station.ui.localeformat import date_format

log = logging.getLogger(__name__)

# Each language by its own name: whoever cannot read the current one still finds theirs.
LANGUAGES = {"en": "English", "ko": "\ud55c\uad6d\uc5b4", "ru": "\u0420\u0443\u0441\u0441\u043a\u0438\u0439"}
FONTS = ("NanumGothic.ttf",)  # Hangul (the systems a station runs on often have none); Cyrillic is in every UI font


def translations_dir() -> Path:
    return resources_dir() / "translations"


def system_language() -> str:
    """The system's language when the station speaks it, else English."""
    code = QLocale.system().name().split("_")[0]
    return code if code in LANGUAGES else "en"


def locale_for(language: str) -> QLocale:
    """The system's own locale when it is in this language (en_GB stays en_GB), else the language's usual one."""
    system = QLocale.system()
    if system.name().split("_")[0] == language:
        return system
    languages = {"en": QLocale.Language.English, "ko": QLocale.Language.Korean, "ru": QLocale.Language.Russian}
    return QLocale(languages[language])


class RecordingTranslator(QTranslator):
    """The station's catalogue, remembering what each text shown came from, so a switch can put it back.

    ``seen`` maps a translated template (before ``.format``) to the contexts and source texts that gave it
    (Qt and pyqtgraph ask for words such as ``Opacity`` in contexts of their own).
    """

    MAX_SEEN = 20_000

    def __init__(self, inner: QTranslator | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inner = inner
        self.seen: dict[str, list[tuple[str, str, str | None, int]]] = {}
        self._size = 0

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        found = self.inner.translate(context, source, disambiguation, n) if self.inner is not None else ""
        keys = self.seen.setdefault(found or source, [])
        key = (context, source, disambiguation, n)
        if self._size < self.MAX_SEEN and key not in keys:
            keys.append(key)
            self._size += 1
        return found or None  # None: not here, Qt tries the next catalogue or keeps the source

    def isEmpty(self) -> bool:
        return False


def _qt_catalogue_folders() -> list[Path]:
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # PyInstaller: where station.spec keeps qtbase_ko.qm and qtbase_ru.qm
        folders.append(Path(bundle) / "PySide6" / "Qt" / "translations")
    return folders


class Language(QObject):
    """The language in force, its translators, and the switch; ``changed`` says when it changed."""

    changed = Signal(str)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.app = app
        self.code = ""
        self.config_path: Path | None = None  # where a switch is remembered
        self._translators: list[QTranslator] = []
        self.recorder: RecordingTranslator | None = None

    def apply(self, code: str) -> None:
        """Install ``code``'s catalogues (Qt's, then the station's) and locale; widgets made from now on use them."""
        if code not in LANGUAGES:
            raise ValueError(f"no app language {code!r}; known: {', '.join(LANGUAGES)}")
        for translator in self._translators:
            self.app.removeTranslator(translator)
        self._translators = []
        if code != "en":
            qt = QTranslator(self)
            if any(qt.load(f"qtbase_{code}", str(folder)) for folder in _qt_catalogue_folders()):
                self._translators.append(qt)
            else:
                log.warning("Qt's own catalogue for %s not found: Qt's dialogs stay in English", code)
        station: QTranslator | None = None
        if code != "en":
            station = QTranslator(self)
            if not station.load(f"station_{code}", str(translations_dir())):
                log.warning("no station_%s.qm in %s: the app stays in English", code, translations_dir())
                station = None
        self.recorder = RecordingTranslator(station, self)
        self._translators.append(self.recorder)
        for translator in self._translators:
            self.app.installTranslator(translator)
        QLocale.setDefault(locale_for(code))
        self.code = code
        loaded = [f"station_{code}.qm"] if station is not None else []
        loaded += [f"qtbase_{code}.qm"] if len(self._translators) > 1 else []
        log.info("language %s: %s loaded, locale %s", code, " and ".join(loaded) or "no catalogue", QLocale().name())

    def switch(self, code: str) -> None:
        """Change the language of the running app: every open window is retranslated in place, then saved."""
        from station.ui.retranslate import Retranslator, retranslate_widget

        if code == self.code:
            return
        seen = dict(self.recorder.seen) if self.recorder is not None else {}
        self.apply(code)
        # Qt posts LanguageChange when translators change: deliver it now, so widgets that redo their own
        # words (the menus, the banner) have done so before the generic pass below, not at some later loop turn
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        station = self.recorder.inner if self.recorder is not None else None
        retranslator = Retranslator(seen, station.translate if station is not None else None)
        for widget in QApplication.topLevelWidgets():
            widget.setLocale(QLocale())
            retranslate_widget(widget, retranslator.text)
        if self.config_path is not None:
            try:
                save_language(self.config_path, code)
            except OSError as exc:
                log.warning("cannot remember the language in %s: %s", self.config_path, exc)
        self.changed.emit(code)


_current: Language | None = None


def register_fonts() -> list[str]:
    """The bundled fonts as application fonts, so Hangul is drawn (not boxes) where the system has no Korean font."""
    families: list[str] = []
    for name in FONTS:
        path = resources_dir() / "fonts" / name
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
        if font_id < 0:
            log.warning("font %s could not be loaded: Korean may show as boxes", path)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def install(app: QCoreApplication, code: str | None = None, config_path: Path | None = None) -> Language:
    """Start-up: the fonts, then ``code`` (None: the system's language), before any window is made."""
    global _current
    if _current is None or _current.app is not app:
        register_fonts()
        _current = Language(app)
    _current.apply(code or system_language())
    _current.config_path = config_path
    return _current


def current() -> Language | None:
    return _current


def current_code() -> str:
    """The language in force (``en`` before ``install``); reports made in the app use it too."""
    return _current.code if _current is not None and _current.code else "en"


def switch(code: str) -> None:
    if _current is None:
        raise RuntimeError("language.install() first")
    _current.switch(code)


def save_language(path: Path, code: str) -> None:
    """Set ``language:`` in station.yaml, keeping the file's other lines (and comments) as they are."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    line = f"language: {code}"
    pattern = re.compile(r"^language:.*$", re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(line, text, count=1)
    else:
        text = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def language_actions(parent: QObject, on_switch: Callable[[str], None] | None = None) -> QActionGroup:
    """One checkable action per language, each named in its own language; choosing one switches the app."""
    group = QActionGroup(parent)
    group.setExclusive(True)
    for code, name in LANGUAGES.items():
        action = QAction(name, group)
        action.setObjectName(f"language_{code}")
        action.setData(code)
        action.setCheckable(True)
        action.setChecked(code == current_code())
        group.addAction(action)
    group.triggered.connect(lambda action: (on_switch or switch)(str(action.data())))
    return group


class LanguageMenu(QMenu):
    """``Language`` in the menu bar: English, 한국어, Русский."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("LanguageMenu", "&Language"), parent)
        self.setObjectName("language_menu")
        self.group = language_actions(self)
        self.addActions(self.group.actions())
        if _current is not None:  # a method of this menu: the connection ends with the menu and its window
            _current.changed.connect(self._follow)

    def _follow(self, code: str) -> None:
        """After a switch (from here or elsewhere): tick the language, and redraw what the window paints itself."""
        for action in self.group.actions():
            action.setChecked(action.data() == code)
        window = self.parent()
        if isinstance(window, QWidget):
            redraw(window)


def add_language_menu(window: QWidget) -> LanguageMenu:
    """Put the Language menu in the window's menu bar: before Help when there is one, else at the end."""
    bar = window.menuBar()  # type: ignore[attr-defined]
    menu = LanguageMenu(window)
    help_action = next((a for a in bar.actions() if a.menu() is not None and "help" in a.menu().objectName()), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)
    return menu


def redraw(window: QWidget) -> None:
    """What a window paints from data rather than from its widgets' texts, drawn again in the new language."""
    refresh = getattr(window, "refresh", None)
    if callable(refresh):
        refresh()
    banner, view = getattr(window, "banner", None), getattr(window, "part_view", None)
    inspection = getattr(view, "inspection", None)
    if banner is not None:
        if inspection is not None:
            banner.show_result(inspection, paused=bool(getattr(window, "paused", False)))
        else:
            banner.show_waiting()


# --- numbers, dates and times in the language's locale -------------------------------------


def number(value: float | None, decimals: int = 3) -> str:
    """``0.220`` / ``0,220``; ``-`` for no value."""
    return "-" if value is None else QLocale().toString(float(value), "f", decimals)


def integer(value: int) -> str:
    return QLocale().toString(int(value))


def percent(fraction: float | None, decimals: int = 1) -> str:
    """A share as a percentage: ``12.5 %`` / ``12,5 %``."""
    return "-" if fraction is None else number(100.0 * fraction, decimals) + "\u00a0%"


def date_time(moment: dt.datetime, seconds: bool = True) -> str:
    """A moment in local time: the locale's date, a 24-hour time (shop floors count hours that way)."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    locale = QLocale()
    day = locale.toString(QDate(local.year, local.month, local.day), date_format(locale))
    time = locale.toString(QTime(local.hour, local.minute, local.second), "HH:mm:ss" if seconds else "HH:mm")
    return f"{day} {time}"
