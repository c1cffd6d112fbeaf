"""Whether the part on screen is safely in the history: the operator sees it before the writer confirms it.

Parts are shown as soon as they are inspected, from the pipeline; the history
writer confirms them a batch and a commit later. This small line under the
banner says which of the two the shown part is, so a database outage is visible
on the part itself, not only in the status bar.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QLabel

from station.core.types import Inspection


class RecordStates(Protocol):
    """What the runner says of a shown part (see ``InspectionRunner.record_state``)."""

    def record_state(self, index: int) -> str: ...


class RecordMark(QLabel):
    """``recorded`` / ``recording…`` / ``recording is off`` for the shown part; hidden for parts outside the run."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("record_mark")
        self.state = "unknown"
        self.hide()

    def follow(self, runner: RecordStates, inspection: Inspection | None) -> None:
        """Cheap (a dictionary look-up under a lock): called at the display rate; ``None`` hides it."""
        state = runner.record_state(inspection.index) if inspection is not None else "unknown"
        if state == self.state:
            return
        self.state = state
        words = {
            "recorded": (self.tr("\u2714 recorded in the history"), "color:#1e7b34;"),
            "pending": (self.tr("\u25cb recording\u2026 (not confirmed by the history yet)"), "color:#8a5a00;"),
            "off": (self.tr("recording is off: this part is not kept"), "color:#b00020; font-weight:bold;"),
        }
        if state not in words:
            self.hide()
            return
        text, style = words[state]
        self.setText(text)
        self.setStyleSheet(style)
        self.show()
