"""Start-up of the desktop app: logging, the exception hook, Qt settings, the main window."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QCoreApplication,
    QStandardPaths,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from station.core.config import StationConfig
from station.core.paths import models_dir
from station.core.recipe import Recipe
from station.ui import language
from station.ui.qtcompat import keep_bools_alive
from station.ui.runner import InspectionRunner
from station.ui.window import MainWindow

log = logging.getLogger("station.ui")


def log_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base or Path.home() / ".station") / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def setup_logging() -> Path:
    """A rotating log file for everything, Qt's own messages included."""
    path = log_folder() / "station.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = logging.getLogger("qt")
    qInstallMessageHandler(lambda kind, _ctx, message: qt_log.log(levels.get(kind, logging.INFO), message))
    return path


def install_excepthook(app: QApplication) -> None:
    """An uncaught exception is logged and shown (non-modal), never silent, and the app keeps running."""
    boxes: list[QMessageBox] = []

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(kind, value, tb))
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("ExceptHook", "Inspection station: unexpected error"),
            QCoreApplication.translate("ExceptHook", "{kind}: {value}\n\nThe details are in the log file.").format(
                kind=kind.__name__, value=value
            ),
        )
        box.setDetailedText("".join(traceback.format_exception(kind, value, tb)))
        box.setModal(False)
        box.show()
        boxes.append(box)
        del boxes[:-3]

    sys.excepthook = hook


class NoScreenError(RuntimeError):
    """The app cannot open a window here; the message says what to do instead."""


def no_screen() -> bool:
    """On Linux, Qt aborts the whole process when it finds no display: check first and say so."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_app(
    recipe: str | None,
    source: str | None,
    quit_after: int | None = None,
    screenshot: Path | None = None,
    config_path: Path | None = None,
) -> int:
    """Open the window on ``recipe`` and ``source``, running; optionally quit after N parts with a screenshot.

    Settings come from ``config_path`` (or the user's station.yaml); the command line wins.
    Raises ConfigError before any window opens when the settings file is wrong.
    """
    if no_screen():
        raise NoScreenError(
            "no screen to open the window on (no DISPLAY or WAYLAND_DISPLAY): run `station inspect "
            "--recipe casting --source demo` headless, or set QT_QPA_PLATFORM=offscreen, or use xvfb-run"
        )
    QCoreApplication.setOrganizationName("inspection-station")
    QCoreApplication.setApplicationName("station")
    config, settings_path = StationConfig.resolve(config_path)  # the same file every command reads
    if config.models_dir is not None:
        os.environ.setdefault("STATION_MODELS", str(config.models_dir))
    recipe = recipe or config.recipe
    source = source or config.source
    if recipe:
        Recipe.load(recipe, models_dir())  # RecipeError, naming the known recipes, before any window opens
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    keep_bools_alive()
    log_path = setup_logging()
    language.install(app, config.language, settings_path)  # before any window: its texts and numbers follow
    install_excepthook(app)
    runner = InspectionRunner(queue_size=config.queue_size, config=config)
    window = MainWindow(runner, recipe, source, config)
    language.add_language_menu(window)
    window.show()
    log.info("station started (log %s, platform %s)", log_path, os.environ.get("QT_QPA_PLATFORM", "default"))
    QTimer.singleShot(0, lambda: window.start(max_frames=quit_after))

    if quit_after is not None:
        ended_at: float | None = None

        def check() -> None:
            nonlocal ended_at
            parts = runner.summary().get("parts", 0)
            done = parts >= quit_after
            finished = runner.pipeline is not None and not runner.running
            if done or finished:
                # Parts are shown once recorded: give the recorder a moment to catch up, so the
                # picture shows the last part and the NG strip, not the counters running ahead.
                ended_at = ended_at or time.monotonic()
                if runner.latest()[0] < parts and time.monotonic() - ended_at < 10.0:
                    return
                window.refresh()
                app.processEvents()  # let the layouts follow the new texts before the picture is taken
                if screenshot is not None:
                    screenshot.parent.mkdir(parents=True, exist_ok=True)
                    window.grab().save(str(screenshot))
                poll.stop()  # closing waits for the stop on a worker: check once, not again meanwhile
                window.close()

        poll = QTimer(window)
        poll.timeout.connect(check)
        poll.start(100)
    return int(app.exec())
