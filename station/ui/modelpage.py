"""The model page: what the recipe's models are, how well they did on validation, what they learnt from."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from station.inference.cascade import Cascade


def tr(text: str) -> str:
    return QCoreApplication.translate("ModelPage", text)


class ModelPage(QDialog):
    def __init__(self, cascade: Cascade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(tr("Models of recipe {name}").format(name=cascade.recipe.name))
        self.resize(1000, 800)
        layout = QVBoxLayout(self)
        card = cascade.recipe.folder / "MODEL_CARD.md"
        text = QTextBrowser()
        if card.is_file():
            text.setMarkdown(card.read_text(encoding="utf-8"))
        else:
            lines = [f"# {cascade.recipe.name}", "", tr("No model card in {folder}.").format(folder=card.parent), ""]
            for role, model in (("classifier", cascade.classifier), ("detector", cascade.detector)):
                if model is not None:
                    lines += [f"## {role}", "", f"- sha256 `{model.sha256}`", f"- metrics: `{model.info.metrics}`", ""]
            text.setMarkdown("\n".join(lines))
        layout.addWidget(text, 1)
        plots = QHBoxLayout()
        for name in ("validation_confusion.png", "validation_roc.png"):
            path = cascade.recipe.folder / name
            if path.is_file():
                label = QLabel()
                label.setPixmap(QPixmap(str(path)).scaledToHeight(300, Qt.TransformationMode.SmoothTransformation))
                plots.addWidget(label)
        layout.addLayout(plots)
