"""The model page: what the recipe's models are, how well they did on validation, what they learnt from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from station.inference.cascade import Cascade


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class ModelPage(QDialog):
    """The recipe's model card; without one, what the recipe folder records (metrics, training data)."""

    def __init__(self, cascade: Cascade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(self.tr("Models of recipe {name}").format(name=cascade.recipe.name))
        self.resize(1000, 800)
        layout = QVBoxLayout(self)
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
