"""The model page: what the recipe's models are, how well they did on validation, what they learnt from.

Three pages: the model card; the validation figures as charts (per-class precision, recall and F1,
the confusion matrix; a detector's AP per class), read from the recipe's evaluation files; and a
comparison with a candidate recipe on the same images (``station evaluate --compare``), computed on
a worker, to look at before one recipe replaces the other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QScrollArea, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from station.core.config import StationConfig
from station.inference.cascade import Cascade
from station.session.compare import CLASSES, per_class
from station.ui.comparepage import ComparePage
from station.ui.metricscharts import BarChart, ConfusionChart


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class ModelPage(QDialog):
    """The recipe's model card; without one, what the recipe folder records (metrics, training data)."""

    def __init__(self, cascade: Cascade, parent: QWidget | None = None, config: StationConfig | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(self.tr("Models of recipe {name}").format(name=cascade.recipe.name))
        self.resize(1000, 800)
        self.tabs = QTabWidget()
        card_page = QWidget()
        self.tabs.addTab(card_page, self.tr("Model card"))
        self.metrics = self._metrics_page(cascade)
        self.tabs.addTab(self.metrics, self.tr("Metrics"))
        self.compare = ComparePage(cascade, config or StationConfig())
        self.tabs.addTab(self.compare, self.tr("Compare with a candidate"))
        QVBoxLayout(self).addWidget(self.tabs)
        layout = QVBoxLayout(card_page)
        folder = cascade.recipe.folder
        card = folder / "MODEL_CARD.md"
        self.text = QTextBrowser()
        if card.is_file():
            self.text.setMarkdown(card.read_text(encoding="utf-8"))
        else:
            self.text.setMarkdown(self._summary(cascade))
        layout.addWidget(self.text, 1)
        plots = QHBoxLayout()
        for name in ("validation_confusion.png", "validation_roc.png"):
            path = folder / name
            if path.is_file():
                label = QLabel()
                label.setPixmap(QPixmap(str(path)).scaledToHeight(300, Qt.TransformationMode.SmoothTransformation))
                plots.addWidget(label)
        layout.addLayout(plots)

    def _summary(self, cascade: Cascade) -> str:
        folder = cascade.recipe.folder
        lines = [f"# {cascade.recipe.name}", "", self.tr("No model card in {folder}.").format(folder=folder), ""]
        for role, model in ((self.tr("Classifier"), cascade.classifier), (self.tr("Detector"), cascade.detector)):
            if model is not None:
                lines += [
                    f"## {role}",
                    "",
                    f"- SHA-256 `{model.sha256}`",
                    "- " + self.tr("metrics: {metrics}").format(metrics=f"`{model.info.metrics}`"),
                    "",
                ]
        validation = _read_json(folder / "validation.json")
        if validation:
            lines += ["## " + self.tr("Validation"), "", "| | |", "|---|---|"]
            lines += [f"| {k} | {v} |" for k, v in validation.items() if isinstance(v, int | float | str)]
            lines.append("")
        training = _read_json(folder / "training.json")
        config = training.get("config")
        config = config if isinstance(config, dict) else {}
        if training:
            lines += ["## " + self.tr("Training data"), ""]
            if config.get("data"):
                lines.append("- " + self.tr("data: {data}").format(data=f"`{config['data']}`"))
            for key in ("train_images", "val_images"):
                if key in training:
                    lines.append(f"- {key}: {training[key]}")
        return "\n".join(lines)

    def _metrics_page(self, cascade: Cascade) -> QWidget:
        """The recipe's evaluation files as charts; says which file each comes from, or that there is none."""
        page = QWidget()
        layout = QVBoxLayout(page)
        self.charts: list[QWidget] = []
        roles = {
            "classifier": self.tr("Classifier"),
            "anomaly": self.tr("Anomaly model"),
            "detector": self.tr("Detector"),
        }
        for file_name, role, data in evaluation_figures(cascade.recipe.folder):
            heading = QLabel(f"<b>{roles[role]}</b> \u2014 {file_name} ({data.get('data', '?')})")
            layout.addWidget(heading)
            row = QHBoxLayout()
            if "confusion_matrix" in data:
                classes = per_class(data["confusion_matrix"])
                bars = BarChart()
                bars.show_bars(
                    self.tr("Precision, recall and F1 per class"),
                    list(CLASSES),
                    [
                        (self.tr("precision"), [classes[c]["precision"] for c in CLASSES]),
                        (self.tr("recall"), [classes[c]["recall"] for c in CLASSES]),
                        (self.tr("F1"), [classes[c]["f1"] for c in CLASSES]),
                    ],
                )
                matrix = ConfusionChart()
                threshold = data.get("threshold")
                matrix.show_matrix(
                    self.tr("{n} images, threshold {t}").format(
                        n=data.get("images", "-"), t="-" if threshold is None else f"{float(threshold):.3f}"
                    ),
                    data["confusion_matrix"],
                    list(CLASSES),
                )
                row.addWidget(bars, 3)
                row.addWidget(matrix, 2)
                self.charts += [bars, matrix]
            elif isinstance(data.get("per_class"), dict):
                names = list(data["per_class"])
                bars = BarChart()
                bars.show_bars(
                    self.tr("Detector AP per class (mAP50 {m50:.3f}, mAP50-95 {m:.3f})").format(
                        m50=float(data.get("map50", 0.0)), m=float(data.get("map50_95", 0.0))
                    ),
                    names,
                    [
                        ("AP50", [data["per_class"][n].get("ap50") for n in names]),
                        ("AP50-95", [data["per_class"][n].get("ap50_95") for n in names]),
                    ],
                )
                row.addWidget(bars)
                self.charts.append(bars)
            layout.addLayout(row)
        if not self.charts:
            layout.addWidget(QLabel(self.tr("No evaluation files in {folder}.").format(folder=cascade.recipe.folder)))
        layout.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(page)
        return area


EVALUATION_FILES = (
    ("validation.json", "classifier"),
    ("validation_anomaly.json", "anomaly"),
    ("validation_detector.json", "detector"),
)


def evaluation_figures(folder: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(file name, role, figures) for each evaluation file the recipe folder holds, as evaluation wrote it."""
    out = []
    for name, role in EVALUATION_FILES:
        data = _read_json(folder / name)
        if "confusion_matrix" in data or isinstance(data.get("per_class"), dict):
            out.append((name, role, data))
    return out
