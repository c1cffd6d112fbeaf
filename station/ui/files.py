"""Single parts outside the live run: dropped or opened images (or the images of a folder), inspected
on a worker thread with the recipe's cascade, so a folder of a thousand images never freezes the window."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from station.capture.imagefile import ImageReadError, is_image_name, read_image
from station.core.types import Frame, Inspection, Verdict
from station.inference.cascade import Cascade
from station.ui.runner import InspectionRunner
from station.ui.workers import Workers


@dataclass
class FilesInspected:
    """What a dropped batch gave: every inspection, the last picture (to show), and what could not be read."""

    inspections: list[Inspection] = field(default_factory=list)
    last_image: np.ndarray | None = None
    problems: list[str] = field(default_factory=list)
    last_unreadable: Inspection | None = None  # the last unreadable file: shown when no file could be inspected


def inspect_paths(cascade: Cascade, paths: list[Path]) -> FilesInspected:
    """Inspect image files and the images of folders, in name order; unreadable files are named, not fatal."""
    files: list[Path] = []
    for path in paths:
        files += sorted(p for p in path.iterdir() if is_image_name(p)) if path.is_dir() else [path]
    out = FilesInspected()
    for index, path in enumerate(files):
        try:
            image = read_image(path)
        except ImageReadError as exc:
            out.problems.append(str(exc))
            out.last_unreadable = Inspection(str(path), index, time.time(), Verdict.ERROR, error=str(exc))
            continue
        out.inspections.append(cascade.inspect(Frame(str(path), index, image)))
        out.last_image, out.last_unreadable = image, None
    return out


class FileInspector(QObject):
    """The window's Open\u2026 button, Ctrl+O, Ctrl+Shift+O and drops: inspection on a worker, the result shown."""

    def __init__(
        self,
        window: QWidget,
        runner: InspectionRunner,
        workers: Workers,
        button: QPushButton,
        notify: Callable[[str], None],
        show: Callable[[np.ndarray | None, Inspection], None],
    ) -> None:
        super().__init__(window)
        self.window, self.runner, self.workers, self.button = window, runner, workers, button
        self.notify, self.show = notify, show
        self.last: FilesInspected | None = None  # what the last batch gave

    def inspect(self, paths: list[Path]) -> None:
        cascade = self.runner.cascade
        if cascade is None:
            self.notify(self.tr("Load a recipe first"))
            return
        self.button.setEnabled(False)
        self.button.setCursor(Qt.CursorShape.BusyCursor)
        self.notify(self.tr("Inspecting {n} dropped item(s)\u2026").format(n=len(paths)))
        self.workers.submit("inspect files", lambda: inspect_paths(cascade, paths), self._done, self._failed)

    def _settle(self) -> None:
        self.button.setEnabled(True)
        self.button.unsetCursor()

    def _done(self, out: FilesInspected) -> None:
        self._settle()
        self.last = out
        if out.inspections:
            self.show(out.last_image, out.inspections[-1])
        elif out.last_unreadable is not None:  # nothing inspected: never leave the previous part's verdict up
            self.show(None, out.last_unreadable)
        message = self.tr("Inspected {n} file(s)").format(n=len(out.inspections))
        if out.inspections:
            message += "; " + self.tr("last: {name}").format(name=Path(out.inspections[-1].source_id).name)
        if out.problems:
            message += "; " + self.tr("{n} unreadable: {first}").format(n=len(out.problems), first=out.problems[0])
        self.notify(message)

    def _failed(self, error: str) -> None:
        self._settle()
        self.notify(self.tr("Cannot inspect the files: {error}").format(error=error))

    def open_images(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("Inspect images"), "", self.tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)")
        )
        if names:
            self.inspect([Path(n) for n in names])

    def open_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self.window, self.tr("Inspect a folder of images"))
        if name:
            self.inspect([Path(name)])
