"""The widgets of the main screen that show state in words: the verdict banner, the counters, the source.

Each one changes its text or style only when the value changes (a style sheet
change re-polishes the widget), so the timers that feed them cost next to nothing.
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from station.core.types import Inspection, Verdict
from station.history.recorder import Recorder
from station.ui.language import integer, number, percent
from station.ui.partview import bgr_to_qimage, thumbnail_bgr
from station.ui.shifttotals import Tally

BANNER_STYLE = {
    Verdict.OK: ("#1e7b34", "\u2714"),  # green, check mark
    Verdict.NG: ("#b3261e", "\u2716"),  # red, heavy x
    Verdict.ERROR: ("#8a5a00", "\u26a0"),  # amber, warning sign
}
PAUSED_COLOUR = "#37474f"  # slate: not a verdict colour, so a held part never reads as the line's state
THUMB_PX = 96


def thumbnail(image_bgr: np.ndarray, inspection: Inspection, size: int = THUMB_PX) -> QPixmap:
    """A thumbnail with heatmap and boxes (its score is the item's text, drawn by Qt); owns its pixels."""
    return QPixmap.fromImage(bgr_to_qimage(thumbnail_bgr(image_bgr, inspection, size)))


class VerdictBanner(QLabel):
    """PASS / FAIL in words, with an icon and a colour: readable from two metres, and not by colour alone."""

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(110)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)  # a long error or list of defects wraps instead of running off the edge
        self._colour = ""
        self.show_waiting()

    def show_waiting(self, paused: bool = False) -> None:
        if paused:
            self._paint(PAUSED_COLOUR, "\u275a\u275a", self.tr("PAUSED VIEW"), self.tr("no part yet (P: back to live)"))
        else:
            self._paint("#3c4043", "\u2026", self.tr("WAITING"), self.tr("no part yet"))

    def show_result(self, inspection: Inspection, paused: bool = False) -> None:
        """The verdict; a paused view says PAUSED first, the held part's verdict below it, never as if live."""
        colour, icon = BANNER_STYLE[inspection.verdict]
        word = {Verdict.OK: self.tr("PASS"), Verdict.NG: self.tr("FAIL"), Verdict.ERROR: self.tr("ERROR")}[
            inspection.verdict
        ]  # ERROR, as the Errors counter says: a part that could not be inspected is counted there
        if inspection.verdict is Verdict.ERROR:
            detail = inspection.error or ""
        else:
            # the threshold with the threshold box's four decimals, in the same locale: one number, shown once
            score, threshold = number(inspection.defect_score), number(inspection.threshold, 4)
            if inspection.class_probabilities:
                detail = self.tr("defect score {score}   threshold {threshold}")
            else:  # a detector-only recipe: the score is its most confident box, as the tool bar says
                detail = self.tr("box confidence {score}   threshold {threshold}")
            detail = detail.format(score=score, threshold=threshold)
        found = ", ".join(sorted({d.label for d in inspection.detections}))  # its own line: never clipped away
        if not paused:
            self._paint(colour, icon, word, detail, "", found)
            return
        name = Path(inspection.source_id).name or inspection.source_id
        held = f"<span style='background:{colour}'>&nbsp;{icon}&nbsp;{html.escape(word)}&nbsp;</span>"
        if found:
            held += "&nbsp; " + html.escape(found)
        note = self.tr("{name}: live inspection goes on (P: back to live)").format(name=name)
        self._paint(
            PAUSED_COLOUR, "\u275a\u275a", self.tr("PAUSED VIEW"), detail, note, held, word_px=40, found_html=True
        )

    def _paint(
        self,
        colour: str,
        icon: str,
        word: str,
        detail: str,
        note: str = "",
        found: str = "",
        word_px: int = 54,
        found_html: bool = False,
    ) -> None:
        if colour != self._colour:  # a style sheet change re-polishes the widget: only when the verdict changes
            self._colour = colour
            self.setStyleSheet(f"background:{colour}; color:white; border-radius:8px;")
        lines = [f"<div style='font-size:{word_px}px; font-weight:800'>{icon}&nbsp;{html.escape(word)}</div>"]
        if found:
            found = found if found_html else html.escape(found)
            lines.append(f"<div style='font-size:22px; font-weight:700'>{found}</div>")
        for text, size in ((detail, 18), (note, 15)):
            if text:  # error messages may hold < or &; runs of spaces are kept
                lines.append(f"<div style='font-size:{size}px'>{html.escape(text).replace('  ', '&nbsp; ')}</div>")
        self.setText("".join(lines))


class Counters(QWidget):
    """The shift's totals (from the history) in big numbers, this run's beside them in small ones.

    Two rows of three under small titles, never clipped in a narrow window.
    """

    NAMES = ("inspected", "ok", "ng", "yield", "not_inspected", "errors")

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(0)
        self.heading = QLabel()
        self.heading.setObjectName("shift_heading")
        self.heading.setStyleSheet("color:#3c4043; font-size:13px; font-weight:600")
        grid.addWidget(self.heading, 0, 0, 1, 3)
        titles = {
            "inspected": self.tr("Inspected"),
            "ok": self.tr("OK"),
            "ng": self.tr("NG"),
            "yield": self.tr("Yield"),
            "not_inspected": self.tr("Not inspected"),
            "errors": self.tr("Errors"),
        }
        self.values: dict[str, QLabel] = {}
        self.run_values: dict[str, QLabel] = {}
        for i, key in enumerate(self.NAMES):
            row, column = 1 + 3 * (i // 3), i % 3
            title = QLabel(titles[key])
            title.setStyleSheet("color:#5f6368; font-size:13px")
            value = QLabel("0")
            value.setObjectName(f"counter_{key}")
            big = value.font()  # a font, not a style sheet: its metrics are known now, for the width below
            big.setPixelSize(28)
            big.setBold(True)
            value.setFont(big)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("100.0 %"))
            run = QLabel()
            run.setObjectName(f"run_{key}")
            run.setStyleSheet("color:#5f6368; font-size:12px")
            grid.addWidget(title, row, column)
            grid.addWidget(value, row + 1, column)
            grid.addWidget(run, row + 2, column)
            grid.setColumnStretch(column, 1)
            self.values[key] = value
            self.run_values[key] = run
        self.show_counts(None, Tally())

    @staticmethod
    def _texts(tally: Tally) -> dict[str, str]:
        return {
            "inspected": integer(tally.inspected),
            "ok": integer(tally.ok),
            "ng": integer(tally.ng),
            "yield": percent(tally.ok / tally.inspected) if tally.inspected else "-",
            "not_inspected": integer(tally.not_inspected),
            "errors": integer(tally.errors),
        }

    def show_counts(self, shift: Tally | None, run: Tally, shift_label: str = "") -> None:
        """Big: the shift (or, between shifts, the run); small: this run."""
        heading = (
            self.tr("Shift {shift}; this run below each figure").format(shift=shift_label)
            if shift is not None
            else self.tr("This run (no shift now)")
        )
        if self.heading.text() != heading:
            self.heading.setText(heading)
        big = self._texts(shift if shift is not None else run)
        small = self._texts(run)
        for key in self.NAMES:
            run_text = self.tr("run {value}").format(value=small[key])
            if self.values[key].text() != big[key]:
                self.values[key].setText(big[key])
            if self.run_values[key].text() != run_text:
                self.run_values[key].setText(run_text)


class SourceState(QLabel):
    """The source's state in words, with an icon and a colour: running, offline/reconnecting, frozen, failed ..."""

    STYLE: ClassVar[dict[str, tuple[str, str]]] = {
        "running": ("#1e7b34", "\u25b6"),
        "reconnecting": ("#8a5a00", "\u26a0"),
        "frozen": ("#8a5a00", "\u26a0"),
        "failed": ("#b3261e", "\u2716"),
        "finished": ("#3c4043", "\u25a0"),
        "stopped": ("#3c4043", "\u25a0"),
        "idle": ("#3c4043", "\u2026"),
        "starting": ("#3c4043", "\u231b"),
        "stopping": ("#3c4043", "\u231b"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("source_state")
        self.setWordWrap(True)
        self.state = ""
        self._style = ""
        self._frozen_seen = 0
        self._frozen_at = 0.0
        self.show_state("idle")

    def new_run(self) -> None:
        self._frozen_seen = 0

    def follow(self, stats: object, summary: dict[str, Any]) -> str:
        """A running source's state from its stats: running, offline and reconnecting, or frozen; returns it."""
        offline_since = getattr(stats, "offline_since", None)
        frozen = int(getattr(stats, "frozen_detections", 0) or 0)
        if frozen > self._frozen_seen:
            self._frozen_seen, self._frozen_at = frozen, time.monotonic()
        details = []
        if offline_since is not None:
            state = "frozen" if time.monotonic() - self._frozen_at < 10 else "reconnecting"
            details.append(self.tr("offline {s} s").format(s=number(time.monotonic() - offline_since, 0)))
        else:
            state = "running"
        reconnects = int(summary.get("reconnects", 0))
        if reconnects:
            details.append(self.tr("{n} reconnects").format(n=reconnects))
        if frozen:
            details.append(self.tr("{n} frozen").format(n=frozen))
        self.show_state(state, ", ".join(details))
        return state

    def show_state(self, state: str, detail: str = "") -> None:
        words = {
            "running": self.tr("running"),
            "reconnecting": self.tr("OFFLINE, reconnecting"),
            "frozen": self.tr("FROZEN picture, reconnecting"),
            "failed": self.tr("FAILED"),
            "finished": self.tr("finished"),
            "stopped": self.tr("stopped"),
            "idle": self.tr("not started"),
            "starting": self.tr("starting\u2026"),
            "stopping": self.tr("stopping\u2026"),
        }
        colour, icon = self.STYLE[state]
        self.state = state
        style = f"background:{colour}; color:white; border-radius:6px; padding:4px 8px; font-size:16px"
        if style != self._style:
            self._style = style
            self.setStyleSheet(style)
        text = f"{icon}  " + self.tr("Source: {state}").format(state=words[state])
        if detail:
            text += " \u2014 " + detail
        if text != self.text():
            self.setText(text)


class RecordingState(QLabel):
    """What recording is doing, in the status bar: the operator must see a database outage."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("recording_state")

    def show_recorder(self, recorder: Recorder | None) -> None:
        if recorder is None:
            return
        state = recorder.state
        parts = [self.tr("Recorded {n}").format(n=state.recorded)]
        if state.queued_offline:
            parts.append(self.tr("database offline: {n} batches kept on disk").format(n=state.queued_offline))
        not_kept = state.images_skipped + state.image_errors + state.pictures_skipped_low_disk
        if not_kept:
            parts.append(self.tr("{n} pictures not kept").format(n=not_kept))
        if state.not_recorded_total:  # loss is never silent: the operator sees it, with the reason on hover
            parts.append(self.tr("NOT RECORDED {n}").format(n=state.not_recorded_total))
        if state.disk_warning:
            parts.append(state.disk_warning)
        self.setText(" \u00b7 ".join(parts))
        reasons = "; ".join(f"{reason}: {n}" for reason, n in state.not_recorded.items())
        self.setToolTip("\n".join(t for t in (state.last_error, reasons) if t))
        alarm = bool(state.not_recorded_total or state.disk_warning)
        self.setStyleSheet("color: #b00020; font-weight: bold;" if alarm else "")


class RunHealth(QLabel):
    """Failures caught during the run and the line interfaces' state, in the status bar.

    A sink, the writer or the inspector that raised is counted here (details in the log), so a
    fault is never only in a log file nobody reads.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("run_health")

    def show_run(self, summary: dict[str, Any], line: dict[str, Any] | None) -> None:
        parts = []
        faults = sum(int(n) for n in (summary.get("faults") or {}).values())
        if faults:
            parts.append(self.tr("{n} faults").format(n=faults))
        if line is not None:
            peers = line.get("interfaces") or {}
            up = sum(1 for peer in peers.values() if peer.get("connected"))
            parts.append(
                self.tr("Line {up}/{all} connected, waiting for ack {ack}, late {late}, fail-safe {fs}").format(
                    up=up,
                    all=len(peers),
                    ack=line.get("waiting_for_ack", 0),
                    late=line.get("late", 0),
                    fs=line.get("failsafe_rejects", 0),
                )
            )
            last = line.get("last_result")
            if last:
                parts.append(self.tr("last sent: {last}").format(last=last))
        self.setText(" \u00b7 ".join(parts))
        self.setToolTip(str(summary.get("last_fault") or ""))
        self.setVisible(bool(parts))
