"""The model page's comparison: the current recipe and a candidate on the same labelled images, as charts.

What ``station evaluate --compare`` prints, run on a worker (loading the candidate and inspecting
every image take seconds to minutes), so the window and the line never wait for it. Shown before
a swap: a candidate that catches fewer defects says so in red.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.core.config import StationConfig
from station.inference.cascade import Cascade
from station.session import load_cascade
from station.session.compare import CLASSES, SUMMARY_KEYS, compare
from station.ui.metricscharts import BarChart, ConfusionChart
from station.ui.workers import Workers


class _Progress(QObject):
    """Carries the worker's progress to the UI thread (a queued signal: created on the UI thread)."""

    moved = Signal(int, int)


class ComparePage(QWidget):
    """Pick a candidate recipe folder and a folder of labelled images (ok/, defect/); compare on a worker."""

    def __init__(self, cascade: Cascade, config: StationConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cascade, self.config = cascade, config
        self.workers = Workers(threads=1, parent=self)
        self.result: dict[str, Any] | None = None
        self.progress = _Progress(self)
        self.progress.moved.connect(self._moved)
        self.candidate_edit = QLineEdit()
        self.candidate_edit.setPlaceholderText(self.tr("candidate recipe folder (holds recipe.yaml)"))
        self.data_edit = QLineEdit()
        self.data_edit.setPlaceholderText(self.tr("labelled images: a folder with ok/ and defect/"))
        form = QFormLayout()
        for label, edit, title in (
            (self.tr("Candidate"), self.candidate_edit, self.tr("Candidate recipe folder")),
            (self.tr("Images"), self.data_edit, self.tr("Folder with ok/ and defect/")),
        ):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            browse = QPushButton(self.tr("Browse\u2026"))
            browse.clicked.connect(lambda _=False, e=edit, t=title: self._browse(e, t))
            row.addWidget(browse)
            form.addRow(label, row)
        self.run_button = QPushButton(self.tr("Compare"))
        self.run_button.setObjectName("compare_button")
        self.run_button.clicked.connect(self.run)
        self.status = QLabel(
            self.tr("The current recipe ({name}) and the candidate inspect the same images, as the line would.").format(
                name=cascade.recipe.name
            )
        )
        self.status.setObjectName("compare_status")
        self.status.setWordWrap(True)
        self.summary_chart = BarChart()
        self.current_matrix = ConfusionChart()
        self.candidate_matrix = ConfusionChart()
        for chart in (self.summary_chart, self.current_matrix, self.candidate_matrix):
            chart.hide()  # until there is something to draw
        matrices = QHBoxLayout()
        matrices.addWidget(self.current_matrix)
        matrices.addWidget(self.candidate_matrix)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.run_button)
        layout.addWidget(self.status)
        layout.addWidget(self.summary_chart, 1)
        layout.addLayout(matrices, 1)

    def _browse(self, edit: QLineEdit, title: str) -> None:
        name = QFileDialog.getExistingDirectory(self, title, edit.text())
        if name:
            edit.setText(name)

    def run(self) -> None:
        """Load the candidate and score both recipes on a worker; the charts follow when it is done."""
        candidate, data = Path(self.candidate_edit.text().strip()), Path(self.data_edit.text().strip())
        if not self.candidate_edit.text().strip() or not self.data_edit.text().strip():
            self.status.setText(self.tr("Choose a candidate recipe folder and a folder of labelled images first"))
            return
        current, config, progress = self.cascade, self.config, self.progress

        def work() -> dict[str, Any]:
            other = load_cascade(config, candidate, use_history=False)  # a candidate: its own threshold
            return compare(current, other, data, progress=lambda i, n: progress.moved.emit(i, n))

        self.run_button.setEnabled(False)
        self.status.setText(self.tr("Loading the candidate {folder}\u2026").format(folder=candidate))
        self.workers.submit("compare recipes", work, self._done, self._failed)

    def _moved(self, done: int, total: int) -> None:
        if done % 10 == 0 or done == total - 1:
            self.status.setText(self.tr("Inspecting image {i} of {n}\u2026").format(i=done + 1, n=total))

    def _failed(self, error: str) -> None:
        self.run_button.setEnabled(True)
        self.status.setText(self.tr("Comparison failed: {error}").format(error=error[:300]))

    def _done(self, result: dict[str, Any]) -> None:
        self.run_button.setEnabled(True)
        self.result = result
        cur, cand = result["current"], result["candidate"]
        names = {
            "accuracy": self.tr("accuracy"),
            "precision": self.tr("precision"),
            "recall": self.tr("recall"),
            "f1": self.tr("F1"),
            "roc_auc": self.tr("ROC AUC"),
        }
        self.summary_chart.show_bars(
            self.tr("Current and candidate on {n} images of {data}").format(n=result["images"], data=result["data"]),
            [names[k] for k in SUMMARY_KEYS],
            [
                (self.tr("current {name}").format(name=cur["recipe"]), [cur[k] for k in SUMMARY_KEYS]),
                (self.tr("candidate {name}").format(name=cand["recipe"]), [cand[k] for k in SUMMARY_KEYS]),
            ],
        )
        for chart, figures, who in (
            (self.current_matrix, cur, self.tr("current")),
            (self.candidate_matrix, cand, self.tr("candidate")),
        ):
            threshold = "-" if figures["threshold"] is None else f"{figures['threshold']:.3f}"
            chart.show_matrix(
                self.tr("{who}: {name}, threshold {t}").format(who=who, name=figures["recipe"], t=threshold),
                figures["confusion_matrix"],
                list(CLASSES),
            )
        for chart in (self.summary_chart, self.current_matrix, self.candidate_matrix):
            chart.show()
        self.status.setText(self._verdict(result))
        self.status.setStyleSheet("color:#b3261e; font-weight:bold" if self._worse(result) else "")

    @staticmethod
    def _worse(result: dict[str, Any]) -> bool:
        delta = result["candidate_minus_current"]
        return any((delta.get(k) or 0.0) < 0 for k in ("recall", "precision"))

    def _verdict(self, result: dict[str, Any]) -> str:
        cur, cand = result["current"], result["candidate"]
        text = self.tr(
            "Recall (defects caught) {cr:.3f} \u2192 {nr:.3f}, precision {cp:.3f} \u2192 {nprec:.3f}; "
            "{n} images compared, {skipped} not inspected by both."
        ).format(
            cr=cur["recall"],
            nr=cand["recall"],
            cp=cur["precision"],
            nprec=cand["precision"],
            n=result["images"],
            skipped=result["not_compared"],
        )
        delta = result["candidate_minus_current"]
        if (delta.get("recall") or 0.0) < 0:
            text += " " + self.tr("The candidate misses defects the current recipe catches: do not swap on this data.")
        elif (delta.get("precision") or 0.0) < 0:
            text += " " + self.tr("The candidate rejects more good parts than the current recipe.")
        else:
            text += " " + self.tr("The candidate is at least as good on these images.")
        return text
