"""The strip of the latest NG parts: thumbnails with heatmap and boxes, newest first; a click shows one large."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from station.core.types import Inspection
from station.ui.language import number
from station.ui.runner import NG_STRIP_SIZE, Shown
from station.ui.widgets import THUMB_PX, thumbnail


class NgStrip(QListWidget):
    """Once a second the window hands it the runner's latest NG parts; it draws only the new thumbnails."""

    partChosen = Signal(object, object)  # the part's image (or None) and its Inspection

    def __init__(self) -> None:
        super().__init__()
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListWidget.Movement.Static)
        self.setFixedHeight(THUMB_PX + 44)  # icon, its score below, a scroll bar
        self.setToolTip(self.tr("Click a part to see it full size (the view pauses; P goes back to live)"))
        self.itemClicked.connect(self._clicked)
        self.parts: list[Shown] = []

    def refresh(self, latest: list[Shown]) -> None:
        """Add only the NG parts not shown yet (newest first); each thumbnail is drawn once."""
        known = {id(s) for s in self.parts}
        fresh = [s for s in latest if id(s) not in known and s.image is not None]
        for shown in reversed(fresh):
            assert shown.image is not None
            score = shown.inspection.defect_score
            score_text = number(score)
            labels = ", ".join(sorted({d.label for d in shown.inspection.detections}))
            item = QListWidgetItem(QIcon(thumbnail(shown.image, shown.inspection)), labels or score_text)
            item.setToolTip(
                self.tr("{name}\ndefect score {score}").format(
                    name=Path(shown.inspection.source_id).name, score=score_text
                )
            )
            self.insertItem(0, item)
            self.parts.insert(0, shown)
        while self.count() > NG_STRIP_SIZE:
            self.takeItem(self.count() - 1)
            self.parts.pop()

    def _clicked(self, item: QListWidgetItem) -> None:
        row = self.row(item)
        if 0 <= row < len(self.parts):
            image: np.ndarray | None = self.parts[row].image
            inspection: Inspection = self.parts[row].inspection
            self.partChosen.emit(image, inspection)
